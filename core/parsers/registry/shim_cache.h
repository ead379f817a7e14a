#pragma once
/// AppCompatCache (ShimCache) value decoding: Windows 8.0 to 10/11 layouts
/// ("00ts"/"10ts" entries) and the older fixed-size layouts of XP
/// (0xdeadbeef), 2003/Vista/2008 (0xbadc0ffe) and 7/2008 R2 (0xbadc0fee),
/// 32- and 64-bit (layouts: Mandiant's ShimCache whitepaper, libyal's
/// winreg-kb and plaso's appcompatcache.yaml). No library decodes it, so
/// this is a small bounds-checked reader.

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
    std::optional<std::uint64_t> fileSize;       ///< XP, 2003
    std::optional<UtcTime> lastUpdate;           ///< XP only
    std::optional<std::uint32_t> insertFlags;    ///< Vista, 7, 8.x (0x2: executed)
    std::optional<std::uint32_t> shimFlags;      ///< Vista, 7, 8.x
};

struct ShimCacheResult {
    /// "Windows 10", "Windows 10 Creators", "Windows 8.0", "Windows 8.1", "Windows 7 (32-bit)",
    /// "Windows 7 (64-bit)", "Windows Vista/2008 (32-bit)", ..., "Windows 2003 (64-bit)",
    /// "Windows XP (32-bit)", or "" when unsupported.
    std::string format;
    std::vector<ShimCacheEntry> entries;
    std::vector<std::pair<std::int64_t, std::string>> errors;  ///< offset, reason
};

ShimCacheResult decodeShimCache(ByteView data);

}  // namespace harrier::parsers::registry
