// harrier-cli: the CLI library plus, when the GUI stack is built, the report
// renderer. The QGuiApplication (offscreen platform: no display needed) is
// created only when a report is rendered, so every other command starts
// without Qt.
#include "cli/cli.h"

#ifdef HARRIER_CLI_REPORT_RENDERER
#include <QGuiApplication>

#include <memory>

#include "cli/report_hook.h"
#include "ui/report/report_renderer.h"
#endif

int main(int argc, char **argv) {
#ifdef HARRIER_CLI_REPORT_RENDERER
    std::unique_ptr<QGuiApplication> app;
    harrier::cli::setReportRenderer(
        [&](const harrier::report::ReportData &data, const harrier::cli::ReportOutputs &out) -> harrier::Result<void> {
            if (!app) {
                qputenv("QT_QPA_PLATFORM", "offscreen");
                app = std::make_unique<QGuiApplication>(argc, argv);
            }
            return harrier::uireport::renderReport(data, out.pdfPath, out.htmlPath);
        });
    const int rc = harrier::cli::main(argc, argv);
    harrier::cli::setReportRenderer({});
    return rc;
#else
    return harrier::cli::main(argc, argv);
#endif
}
