#pragma once
/// PR_RTF_COMPRESSED (MS-OXRTFCP): the LZFu compressed and the MELA
/// uncompressed forms. libpff decompresses for PST items itself; MSG files
/// hand us the raw property, so this is the MSG path (and a check on libpff).

#include <string>

#include "base/byte_view.h"
#include "base/result.h"

namespace harrier::parsers::outlook {

class RtfCompression {
public:
    /// The RTF text. Fails on a bad header or a reference past the data;
    /// output is capped at `maxOutput` (a hostile RAWSIZE cannot allocate more).
    static Result<std::string> decompress(ByteView data, std::size_t maxOutput = 64u << 20);
    /// CRC-32 as MS-OXRTFCP computes it over the compressed bytes after the header.
    static std::uint32_t crc(ByteView data);
    /// Whether the header's CRC field is what MS-OXRTFCP says it must be: the
    /// CRC of CONTENTS (up to COMPSIZE) for LZFu, zero for MELA. decompress()
    /// does not insist (damaged bodies are still evidence); callers report it.
    static bool crcMatches(ByteView data);
};

}  // namespace harrier::parsers::outlook
