#include "ui/application.h"

#include <QApplication>
#include <QCommandLineParser>

#include "harrier/version.h"
#include "ui/main_window.h"

namespace harrier::ui {

int runApplication(int argc, char **argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Harrier"));
    QApplication::setApplicationVersion(QString::fromUtf8(kVersion));
    QApplication::setOrganizationName(QStringLiteral("Harrier"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Incident-response triage"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("case"), QStringLiteral("A case file (*.hcase) to open"));
    parser.process(app);

    MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openCase(parser.positionalArguments().first());
    return app.exec();
}

}  // namespace harrier::ui
