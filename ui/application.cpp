#include "ui/application.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include "harrier/version.h"
#include "ui/workspace/app_settings.h"
#include "ui/workspace/main_window.h"

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
    QCommandLineOption demo(QStringLiteral("demo"),
                            QStringLiteral("Open the demo case ($HARRIER_DEMO_CASE or "
                                           "~/.local/share/Harrier/demo/demo.hcase)"));
    parser.addOption(demo);
    parser.addPositionalArgument(QStringLiteral("case"), QStringLiteral("A case file (*.hcase) to open"));
    parser.process(app);

    applyTheme(AppSettings::theme());
    MainWindow window;
    window.show();
    if (parser.isSet(demo)) {
        const QString path = AppSettings::demoCasePath();
        if (path.isEmpty())
            QMessageBox::information(&window, QStringLiteral("Harrier"),
                                     QStringLiteral("No demo case found. Expected ~/.local/share/Harrier/demo/demo.hcase "
                                                    "or $HARRIER_DEMO_CASE."));
        else
            window.openCase(path);
    } else if (!parser.positionalArguments().isEmpty()) {
        window.openCase(parser.positionalArguments().first());
    }
    return app.exec();
}

}  // namespace harrier::ui
