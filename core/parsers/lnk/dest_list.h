#pragma once
/// Decodes the DestList stream of an automaticDestinations-ms jump list: the
/// MRU index that says when each entry (one numbered LNK stream, its name the
/// entry number in hex) was last used, whether it is pinned, on which host,
/// and the distributed-link-tracking identifiers of its target. Layouts per
/// libyal's dtformats "Jump lists format" (also plaso's
/// automatic_destinations.yaml): a 32-byte header, then entries of the
/// version-1 layout (Windows 7/8) or the version-3/4 layout (Windows 10+,
/// which adds an access count). A small bounds-checked reader; no library
/// decodes it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/byte_view.h"
#include "base/utc_time.h"

namespace harrier::parsers::lnk {

struct DestListEntry {
    std::int64_t offset = 0;      ///< of the entry inside the stream
    std::uint32_t entryNumber = 0;
    std::string streamName;       ///< the entry number in lower-case hex: its LNK stream
    std::optional<UtcTime> lastAccess;  ///< "last modification time" in the format docs
    std::int32_t pinStatus = -1;  ///< -1 unpinned, else the pin position
    std::optional<std::uint32_t> accessCount;  ///< version 3+
    std::string hostname;         ///< NetBIOS name of the host that wrote the entry
    std::string volumeDroid, fileDroid, birthVolumeDroid, birthFileDroid;  ///< {GUID}
    std::optional<UtcTime> fileDroidTime;  ///< when the file droid (a version-1 UUID) was made
    std::string fileDroidMac;     ///< the MAC address inside it, aa:bb:cc:dd:ee:ff
    std::string path;
};

struct DestList {
    std::uint32_t version = 0;
    std::uint32_t declaredEntries = 0;  ///< the header's count
    std::uint32_t pinnedEntries = 0;
    std::vector<DestListEntry> entries;
    std::vector<std::pair<std::int64_t, std::string>> errors;  ///< offset, reason
};

DestList decodeDestList(ByteView data);

/// "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" of the 16 bytes at `p` (Windows GUID byte order).
std::string guidString(const std::uint8_t *p);

}  // namespace harrier::parsers::lnk
