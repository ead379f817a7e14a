#pragma once
/// AppCompatCache (ShimCache) value decoding, Windows 8.0 to 10/11 layouts
/// ("00ts"/"10ts" entries). No library decodes it, so this is a small
/// bounds-checked reader. Older layouts (XP, 2003, Vista/7) are reported as
/// unsupported.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/byte_view.h"
#include "base/utc_time.h"

namespace harrier::parsers::registry {

struct ShimCacheEntry {
    std::string path;
    std::optional<UtcTime> modified;  ///< the file's $SI modification time when cached
    std::int64_t offset = 0;          ///< of the entry inside the value data
};

struct ShimCacheResult {
    std::string format;  ///< "Windows 10", "Windows 10 Creators", "Windows 8.0", "Windows 8.1", or ""
    std::vector<ShimCacheEntry> entries;
    std::vector<std::pair<std::int64_t, std::string>> errors;  ///< offset, reason
};

ShimCacheResult decodeShimCache(ByteView data);

}  // namespace harrier::parsers::registry
