#pragma once
/// Little-endian integers read from evidence bytes (registry values, OLE and
/// PST structures, jump lists, ShimCache). The caller checks the bounds: these
/// read exactly 2, 4 or 8 bytes from where they are told.

#include <cstddef>
#include <cstdint>

#include "base/byte_view.h"

namespace harrier {

inline std::uint16_t le16(const std::uint8_t *p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }

inline std::uint32_t le32(const std::uint8_t *p) {
    return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
           (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

inline std::uint64_t le64(const std::uint8_t *p) {
    return static_cast<std::uint64_t>(le32(p)) | (static_cast<std::uint64_t>(le32(p + 4)) << 32);
}

inline std::uint16_t le16(ByteView d, std::size_t at) { return le16(d.data() + at); }
inline std::uint32_t le32(ByteView d, std::size_t at) { return le32(d.data() + at); }
inline std::uint64_t le64(ByteView d, std::size_t at) { return le64(d.data() + at); }

}  // namespace harrier
