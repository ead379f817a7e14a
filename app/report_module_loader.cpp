// PDF/HTML reports need Qt Gui. Linked into harrier-cli, Qt Gui brings ~30
// shared libraries and ~11,000 symbol relocations the dynamic linker resolves
// before main on every run of every command (measured: 13.3 ms vs 8.2 ms of
// CPU to start a binary with harrier-cli's libraries with and without Qt),
// though only `report` uses it. So the renderer is a module in the build
// directory next to harrier-cli, or installed in <libdir>/harrier, loaded here
// when a report is rendered.
#include "app/report_module_loader.h"

#include <dlfcn.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/report_hook.h"

namespace harrier::app {

namespace {

using RenderFn = bool (*)(const report::ReportData &, const std::string &, const std::string &, int &, char **,
                          std::string &);
using ShutdownFn = void (*)();

struct Module {
    void *handle = nullptr;
    RenderFn render = nullptr;
    ShutdownFn shutdown = nullptr;
    std::string error;
};
Module g_module;
int *g_argc = nullptr;
char **g_argv = nullptr;

/// Only beside the binary itself: never a path relative to the working
/// directory, which may be a folder of extracted evidence.
std::vector<std::filesystem::path> candidates() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec || !exe.is_absolute())
        return {};
    const auto dir = exe.parent_path();
    return {dir / HARRIER_REPORT_MODULE_NAME, dir / HARRIER_REPORT_MODULE_FROM_BINDIR / HARRIER_REPORT_MODULE_NAME};
}

bool load() {
    if (g_module.render)
        return true;
    const auto paths = candidates();
    if (paths.empty()) {
        g_module.error = "cannot find the report renderer: harrier-cli's own folder is unknown (/proc/self/exe unreadable)";
        return false;
    }
    std::string tried, failed;
    for (const auto &path : paths) {
        tried += (tried.empty() ? "" : ", ") + path.string();
        if (!std::filesystem::exists(path))
            continue;
        void *h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            failed += std::string(failed.empty() ? "" : "; ") + dlerror();
            continue;  // the next place may hold a good one
        }
        auto render = reinterpret_cast<RenderFn>(dlsym(h, "harrier_report_render"));
        auto shutdown = reinterpret_cast<ShutdownFn>(dlsym(h, "harrier_report_shutdown"));
        if (!render || !shutdown) {
            g_module.error = "the report renderer " + path.string() + " lacks its entry points";
            dlclose(h);
            return false;
        }
        g_module = {h, render, shutdown, {}};
        return true;
    }
    g_module.error = failed.empty() ? "report renderer not installed (looked for " + tried + ")"
                                    : "cannot load the report renderer: " + failed;
    return false;
}

}  // namespace

void registerReportModule(int &argc, char **argv) {
    g_argc = &argc;
    g_argv = argv;
    cli::setReportRenderer([](const report::ReportData &data, const cli::ReportOutputs &out) -> Result<void> {
        if (!load())
            return makeError(ErrorCode::Internal, g_module.error);
        std::string error;
        if (!g_module.render(data, out.pdfPath, out.htmlPath, *g_argc, g_argv, error))
            return makeError(ErrorCode::Internal, error);
        return {};
    });
}

void unregisterReportModule() {
    cli::setReportRenderer({});
    if (g_module.shutdown)
        g_module.shutdown();
    // Not dlclose'd: Qt registers exit-time handlers in the module's code.
}

}  // namespace harrier::app
