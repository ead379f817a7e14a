#include "shim_cache.h"

#include <cstring>

#include "base/little_endian.h"
#include "parsers/support/text_util.h"

namespace harrier::parsers::registry {

namespace {

constexpr std::uint32_t kMagicXp = 0xdeadbeef;
constexpr std::uint32_t kMagic2003Vista = 0xbadc0ffe;
constexpr std::uint32_t kMagic7 = 0xbadc0fee;

// Windows XP: 400-byte header (magic, entry count, LRU count, unknown, 96
// LRU slots), then 552-byte entries: path as UTF-16LE in a 528-byte NUL-padded
// field, last modification FILETIME at 528, file size at 536, last update
// FILETIME at 544.
void decodeXp(ByteView data, ShimCacheResult &result) {
    constexpr std::size_t kHeader = 400, kEntry = 552, kPathField = 528;
    result.format = "Windows XP (32-bit)";
    if (data.size() < kHeader) {
        result.errors.push_back({0, "AppCompatCache XP header truncated"});
        return;
    }
    const std::uint32_t count = le32(data, 4);
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::size_t at = kHeader + static_cast<std::size_t>(i) * kEntry;
        if (at + kEntry > data.size()) {
            result.errors.push_back({static_cast<std::int64_t>(at), "AppCompatCache entry runs past the value (truncated)"});
            return;
        }
        std::size_t pathBytes = 0;
        while (pathBytes + 1 < kPathField && (data[at + pathBytes] | data[at + pathBytes + 1]) != 0)
            pathBytes += 2;
        ShimCacheEntry e;
        e.offset = static_cast<std::int64_t>(at);
        e.path = support::utf16leToUtf8(data.data() + at, pathBytes);
        e.modified = support::filetime(le64(data, at + 528));
        e.fileSize = le64(data, at + 536);
        e.lastUpdate = support::filetime(le64(data, at + 544));
        result.entries.push_back(std::move(e));
    }
}

// Windows 2003, Vista/2008 (magic 0xbadc0ffe, 8-byte header) and 7/2008 R2
// (0xbadc0fee, 128-byte header): fixed-size entries that point at their path
// (UTF-16LE, offset from the start of the value). Every entry starts with
// path size, maximum path size (size + 2 for the NUL), then the path offset:
// a 32-bit one at 4, or on 64-bit systems 4 bytes of padding and a 64-bit
// one at 8 (so a zero dword at 4 with a non-zero qword at 8 means 64-bit).
// Next comes the last modification FILETIME, then:
//   2003:  file size (8 bytes)                   32-bit entry 24, 64-bit 32
//   Vista: insert flags, shim flags (4 + 4)      32-bit entry 24, 64-bit 32
//   7:     insert flags, shim flags, data size, data offset
//                                                32-bit entry 32, 64-bit 48
// 2003 and Vista share magic and sizes. The 8 bytes are told apart by their
// values: a file size is almost never below 256 bytes, while insert flags are
// small bit sets (0x2 = executed) and the shim-flag dword is zero in practice.
// So the value is read as Vista when every entry's low dword is <= 0xFF and its
// high dword zero, else as 2003. A 2003 cache of only tiny files would be
// misread as Vista; its paths and times are the same either way.
void decodeNt52To61(ByteView data, std::uint32_t magic, ShimCacheResult &result) {
    const bool win7 = magic == kMagic7;
    const std::size_t header = win7 ? 128 : 8;
    if (data.size() < header + 16) {
        result.format = win7 ? "Windows 7" : "Windows 2003/Vista";
        result.errors.push_back({0, "AppCompatCache header truncated"});
        return;
    }
    const std::uint32_t count = le32(data, 4);
    const bool is64 = le32(data, header + 4) == 0 && le64(data, header + 8) != 0;
    const std::size_t entrySize = win7 ? (is64 ? 48 : 32) : (is64 ? 32 : 24);
    const std::size_t timeAt = is64 ? 16 : 8;
    bool vista = !win7;
    if (!win7) {
        for (std::uint32_t i = 0; i < count; ++i) {
            const std::size_t at = header + static_cast<std::size_t>(i) * entrySize;
            if (at + entrySize > data.size())
                break;
            if (le32(data, at + timeAt + 8) > 0xFF || le32(data, at + timeAt + 12) != 0) {
                vista = false;
                break;
            }
        }
    }
    const std::string bits = is64 ? " (64-bit)" : " (32-bit)";
    result.format = (win7 ? "Windows 7" : vista ? "Windows Vista/2008" : "Windows 2003") + bits;
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::size_t at = header + static_cast<std::size_t>(i) * entrySize;
        if (at + entrySize > data.size()) {
            result.errors.push_back({static_cast<std::int64_t>(at), "AppCompatCache entry runs past the value (truncated)"});
            return;
        }
        ShimCacheEntry e;
        e.offset = static_cast<std::int64_t>(at);
        const std::uint16_t pathBytes = le16(data, at);
        const std::uint64_t pathOffset = is64 ? le64(data, at + 8) : le32(data, at + 4);
        if (pathOffset > data.size() || pathBytes > data.size() - pathOffset || (pathBytes & 1) != 0) {
            result.errors.push_back({e.offset, "AppCompatCache path outside the value"});
            continue;
        }
        e.path = support::utf16leToUtf8(data.data() + pathOffset, pathBytes);
        e.modified = support::filetime(le64(data, at + timeAt));
        if (win7 || vista) {
            e.insertFlags = le32(data, at + timeAt + 8);
            e.shimFlags = le32(data, at + timeAt + 12);
        } else {
            e.fileSize = le64(data, at + timeAt + 8);
        }
        result.entries.push_back(std::move(e));
    }
}

}  // namespace

ShimCacheResult decodeShimCache(ByteView data) {
    ShimCacheResult result;
    if (data.size() < 4) {
        result.errors.push_back({0, "AppCompatCache value too short"});
        return result;
    }
    std::uint32_t headerSize = le32(data, 0);
    if (headerSize == kMagicXp) {
        decodeXp(data, result);
        return result;
    }
    if (headerSize == kMagic2003Vista || headerSize == kMagic7) {
        decodeNt52To61(data, headerSize, result);
        return result;
    }
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
                                        "): not a known Windows XP to 11 layout"});
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
        if (win8) {
            // 8.x: a package-name length (UTF-16 bytes) and the name (empty for
            // desktop programs), then insert and shim flags before the time.
            // (Read as "insert flags at +0" earlier, which put the time 2 bytes
            // early: Win80_trunc.bin's first entry then gave garbage.)
            if (p + 2 > end) {
                result.errors.push_back({entry.offset, "AppCompatCache entry too short"});
                at = end;
                continue;
            }
            p += 2 + static_cast<std::size_t>(le16(data, p));
            if (p + 8 <= end) {
                entry.insertFlags = le32(data, p);
                entry.shimFlags = le32(data, p + 4);
            }
            p += 8;
        }
        if (p + 8 <= end)
            entry.modified = support::filetime(le64(data, p));
        result.entries.push_back(std::move(entry));
        at = end;
    }
    return result;
}

}  // namespace harrier::parsers::registry
