#include "rules/yara/yara_library.h"

#include <yara.h>

#include <mutex>

namespace harrier::rules::yara {

namespace {

// A static guard, so yr_finalize runs once after every scanner of the
// process is gone (static destruction runs after main returns).
struct YaraGuard {
    int rc = ERROR_SUCCESS;
    YaraGuard() { rc = yr_initialize(); }
    ~YaraGuard() {
        if (rc == ERROR_SUCCESS)
            yr_finalize();
    }
};

}  // namespace

Result<void> ensureYaraInitialized() {
    static YaraGuard guard;
    if (guard.rc != ERROR_SUCCESS)
        return makeError(ErrorCode::Internal, "libyara failed to initialise (error " + std::to_string(guard.rc) + ")");
    return {};
}

const char *yaraVersion() { return YR_VERSION; }

}  // namespace harrier::rules::yara
