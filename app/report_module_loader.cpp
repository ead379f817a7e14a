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

std::vector<std::filesystem::path> candidates() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    const auto dir = ec ? std::filesystem::path(".") : exe.parent_path();
    return {dir / HARRIER_REPORT_MODULE_NAME, dir / HARRIER_REPORT_MODULE_FROM_BINDIR / HARRIER_REPORT_MODULE_NAME};
}

bool load() {
    if (g_module.render)
        return true;
    std::string tried;
    for (const auto &path : candidates()) {
        tried += (tried.empty() ? "" : ", ") + path.string();
        if (!std::filesystem::exists(path))
            continue;
        void *h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            g_module.error = std::string("cannot load the report renderer: ") + dlerror();
            return false;
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
    g_module.error = "report renderer not installed (looked for " + tried + ")";
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
