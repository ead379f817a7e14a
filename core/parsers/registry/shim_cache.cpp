#include "shim_cache.h"

#include <cstring>

#include "parsers/support/text_util.h"

namespace harrier::parsers::registry {

namespace {

std::uint16_t le16(ByteView d, std::size_t at) { return static_cast<std::uint16_t>(d[at] | (d[at + 1] << 8)); }
std::uint32_t le32(ByteView d, std::size_t at) {
    return static_cast<std::uint32_t>(d[at]) | (static_cast<std::uint32_t>(d[at + 1]) << 8) |
           (static_cast<std::uint32_t>(d[at + 2]) << 16) | (static_cast<std::uint32_t>(d[at + 3]) << 24);
}
std::uint64_t le64(ByteView d, std::size_t at) {
    return static_cast<std::uint64_t>(le32(d, at)) | (static_cast<std::uint64_t>(le32(d, at + 4)) << 32);
}

}  // namespace

ShimCacheResult decodeShimCache(ByteView data) {
    ShimCacheResult result;
    if (data.size() < 4) {
        result.errors.push_back({0, "AppCompatCache value too short"});
        return result;
    }
    std::uint32_t headerSize = le32(data, 0);
    // Windows 10/11 start with the header size (0x30, Creators+ 0x34); Windows 8.x
    // has a 0x80-byte header whose first entry is "00ts" (8.0) or "10ts" (8.1).
    bool win8 = false;
    if (headerSize == 0x30) {
        result.format = "Windows 10";
    } else if (headerSize == 0x34) {
        result.format = "Windows 10 Creators";
    } else if (data.size() >= 0x84 && (std::memcmp(data.data() + 0x80, "00ts", 4) == 0 ||
                                       std::memcmp(data.data() + 0x80, "10ts", 4) == 0)) {
        win8 = true;
        headerSize = 0x80;
        result.format = std::memcmp(data.data() + 0x80, "00ts", 4) == 0 ? "Windows 8.0" : "Windows 8.1";
    } else {
        result.errors.push_back({0, "unsupported AppCompatCache format (header 0x" + support::hex32(le32(data, 0)) +
                                        "): only Windows 8.0 to 11 layouts are decoded"});
        return result;
    }
    std::size_t at = headerSize;
    while (at + 12 <= data.size()) {
        const bool sig = std::memcmp(data.data() + at, "10ts", 4) == 0 || std::memcmp(data.data() + at, "00ts", 4) == 0;
        if (!sig) {
            result.errors.push_back({static_cast<std::int64_t>(at), "AppCompatCache entry signature missing"});
            break;
        }
        const std::uint32_t entrySize = le32(data, at + 8);
        const std::size_t body = at + 12;
        if (entrySize > data.size() - body) {
            result.errors.push_back({static_cast<std::int64_t>(at), "AppCompatCache entry runs past the value (truncated)"});
            break;
        }
        const std::size_t end = body + entrySize;
        ShimCacheEntry entry;
        entry.offset = static_cast<std::int64_t>(at);
        std::size_t p = body;
        if (p + 2 > end) {
            result.errors.push_back({entry.offset, "AppCompatCache entry too short"});
            at = end;
            continue;
        }
        const std::uint16_t pathBytes = le16(data, p);
        p += 2;
        if (pathBytes > end - p) {
            result.errors.push_back({entry.offset, "AppCompatCache path length beyond the entry"});
            at = end;
            continue;
        }
        entry.path = support::utf16leToUtf8(data.data() + p, pathBytes);
        p += pathBytes;
        if (win8)
            p += 8;  // insertion flags, shim flags
        if (p + 8 <= end)
            entry.modified = support::filetime(le64(data, p));
        result.entries.push_back(std::move(entry));
        at = end;
    }
    return result;
}

}  // namespace harrier::parsers::registry
