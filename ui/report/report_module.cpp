// The report renderer as a module harrier-cli loads with dlopen only when it
// renders a report (app/report_module_loader.cpp says why). Its entry points
// have C names so the loader finds them with dlsym; both sides are built from
// the same tree, so the C++ types they pass are the same.
#include <QGuiApplication>

#include <memory>

#include "ui/report/report_renderer.h"

namespace {
std::unique_ptr<QGuiApplication> g_app;
}

extern "C" __attribute__((visibility("default"))) bool
harrier_report_render(const harrier::report::ReportData &data, const std::string &pdfPath, const std::string &htmlPath,
                      int &argc, char **argv, std::string &error) {
    if (!g_app) {
        qputenv("QT_QPA_PLATFORM", "offscreen");  // no display needed
        g_app = std::make_unique<QGuiApplication>(argc, argv);
    }
    if (auto r = harrier::uireport::renderReport(data, pdfPath, htmlPath); !r) {
        error = r.error().message;
        return false;
    }
    return true;
}

/// Ends Qt before main returns (Qt must not be torn down by exit handlers).
extern "C" __attribute__((visibility("default"))) void harrier_report_shutdown() { g_app.reset(); }
