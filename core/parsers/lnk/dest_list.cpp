#include "parsers/lnk/dest_list.h"

#include <cstdio>

#include "base/little_endian.h"
#include "parsers/support/text_util.h"

namespace harrier::parsers::lnk {

namespace {

constexpr std::size_t kHeaderSize = 32;
// Fixed part of an entry, up to and including the path length (in UTF-16 units).
constexpr std::size_t kFixedV1 = 114, kFixedV3 = 130;
// Gregorian reform (1582-10-15) to the Unix epoch, in 100 ns units.
constexpr std::uint64_t kUuidEpochToUnix = 0x01B21DD213814000ULL;

// A version-1 UUID carries its creation time (60-bit count of 100 ns since
// 1582-10-15) and the MAC address of the machine that made it: for a file
// droid, the host where the link target was first tracked.
void droidTimeAndMac(const std::uint8_t *g, DestListEntry &e) {
    const std::uint32_t timeLow = static_cast<std::uint32_t>(g[0]) | (static_cast<std::uint32_t>(g[1]) << 8) |
                                  (static_cast<std::uint32_t>(g[2]) << 16) | (static_cast<std::uint32_t>(g[3]) << 24);
    const std::uint16_t timeMid = static_cast<std::uint16_t>(g[4] | (g[5] << 8));
    const std::uint16_t timeHi = static_cast<std::uint16_t>(g[6] | (g[7] << 8));
    if ((timeHi >> 12) != 1)
        return;
    const std::uint64_t ticks = (static_cast<std::uint64_t>(timeHi & 0x0FFF) << 48) |
                                (static_cast<std::uint64_t>(timeMid) << 32) | timeLow;
    if (ticks < kUuidEpochToUnix)
        return;
    e.fileDroidTime = UtcTime{static_cast<std::int64_t>((ticks - kUuidEpochToUnix) / 10)};
    char mac[18];
    std::snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", g[10], g[11], g[12], g[13], g[14], g[15]);
    e.fileDroidMac = mac;
}

}  // namespace

std::string guidString(const std::uint8_t *p) {
    char out[39];
    std::snprintf(out, sizeof(out), "{%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x}", p[3], p[2],
                  p[1], p[0], p[5], p[4], p[7], p[6], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15]);
    return out;
}

DestList decodeDestList(ByteView data) {
    DestList list;
    if (data.size() < kHeaderSize) {
        list.errors.push_back({0, "DestList header truncated"});
        return list;
    }
    list.version = le32(data, 0);
    list.declaredEntries = le32(data, 4);
    list.pinnedEntries = le32(data, 8);
    const bool v3 = list.version >= 3;
    if (list.version != 1 && list.version != 3 && list.version != 4) {
        list.errors.push_back({0, "DestList format version " + std::to_string(list.version) + " is not a known one (1, 3, 4)"});
        return list;
    }
    const std::size_t fixed = v3 ? kFixedV3 : kFixedV1;
    std::size_t at = kHeaderSize;
    for (std::uint32_t i = 0; i < list.declaredEntries; ++i) {
        if (at + fixed > data.size()) {
            list.errors.push_back({static_cast<std::int64_t>(at), "DestList entry " + std::to_string(i + 1) + " of " +
                                                                      std::to_string(list.declaredEntries) + " truncated"});
            break;
        }
        const std::size_t pathUnits = le16(data, at + fixed - 2);
        const std::size_t size = fixed + 2 * pathUnits + (v3 ? 4 : 0);  // v3+: 4 trailing bytes
        if (size > data.size() - at) {
            list.errors.push_back({static_cast<std::int64_t>(at), "DestList entry path runs past the stream"});
            break;
        }
        DestListEntry e;
        e.offset = static_cast<std::int64_t>(at);
        e.volumeDroid = guidString(data.data() + at + 8);
        e.fileDroid = guidString(data.data() + at + 24);
        e.birthVolumeDroid = guidString(data.data() + at + 40);
        e.birthFileDroid = guidString(data.data() + at + 56);
        droidTimeAndMac(data.data() + at + 24, e);
        std::size_t hostLen = 0;
        while (hostLen < 16 && data[at + 72 + hostLen] != 0)
            ++hostLen;
        e.hostname = support::sanitizeUtf8(std::string_view(reinterpret_cast<const char *>(data.data() + at + 72), hostLen));
        e.entryNumber = le32(data, at + 88);
        char hex[9];
        std::snprintf(hex, sizeof(hex), "%x", e.entryNumber);
        e.streamName = hex;
        if (const std::uint64_t ft = le64(data, at + 100); ft != 0)
            e.lastAccess = support::filetime(ft);
        e.pinStatus = static_cast<std::int32_t>(le32(data, at + 108));
        if (v3)
            e.accessCount = le32(data, at + 116);
        e.path = support::utf16leToUtf8(data.data() + at + fixed, 2 * pathUnits);
        list.entries.push_back(std::move(e));
        at += size;
    }
    return list;
}

}  // namespace harrier::parsers::lnk
