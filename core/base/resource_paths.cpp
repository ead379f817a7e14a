#include "base/resource_paths.h"

#include <cstdlib>
#include <system_error>

namespace harrier {

namespace fs = std::filesystem;

namespace {

fs::path envPath(const char *name) {
    const char *v = std::getenv(name);
    return v && *v ? fs::path(v) : fs::path();
}

bool isRulesDir(const fs::path &p) {
    std::error_code ec;
    return !p.empty() && (fs::is_directory(p / "yara", ec) || fs::is_directory(p / "ioc", ec));
}

}  // namespace

fs::path defaultRulesDir() {
    if (auto p = envPath("HARRIER_RULES_DIR"); !p.empty())
        return p;  // the user's choice wins even when it is wrong: the scan then says so
    std::error_code ec;
    // Relative to the running binary, so a package installed under any prefix works.
    if (const fs::path exe = fs::read_symlink("/proc/self/exe", ec); !ec) {
        const fs::path installed = exe.parent_path().parent_path() / "share" / "harrier" / "rules";
        if (isRulesDir(installed))
            return installed;
    }
    if (const fs::path system = "/usr/share/harrier/rules"; isRulesDir(system))
        return system;
#ifdef HARRIER_SOURCE_RULES_DIR
    if (const fs::path source = HARRIER_SOURCE_RULES_DIR; isRulesDir(source))
        return source;
#endif
    return {};
}

fs::path defaultDemoDir() {
    fs::path data = envPath("XDG_DATA_HOME");
    if (data.empty() || !data.is_absolute()) {
        const fs::path home = envPath("HOME");
        data = (home.empty() ? fs::path("/tmp") : home) / ".local" / "share";
    }
    return data / "Harrier" / "demo";
}

fs::path defaultDemoCase() {
    if (auto p = envPath("HARRIER_DEMO_CASE"); !p.empty())
        return p;
    return defaultDemoDir() / "demo.hcase";
}

}  // namespace harrier
