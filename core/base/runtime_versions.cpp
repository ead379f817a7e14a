#include "base/runtime_versions.h"

#include <archive.h>
#include <sqlite3.h>
#include <yara.h>

namespace harrier {

std::vector<std::pair<std::string, std::string>> runtimeVersions() {
    std::string archive = archive_version_string();  // "libarchive 3.6.2"
    if (archive.starts_with("libarchive "))
        archive = archive.substr(11);
    return {
        {"SQLite", sqlite3_libversion()},
        {"libyara", YR_VERSION},
        {"libarchive", archive},
    };
}

}  // namespace harrier
