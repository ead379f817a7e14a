#include "parsers/outlook/rtf_compression.h"

#include <array>
#include <cstring>

#include "base/little_endian.h"

namespace harrier::parsers::outlook {

namespace {

constexpr std::uint32_t kLzfu = 0x75465A4C;  // "LZFu"
constexpr std::uint32_t kMela = 0x414C454D;  // "MELA"

// The dictionary's initial content (MS-OXRTFCP 2.1.3.1.1): references may
// point into it before any output exists.
constexpr char kPrebuf[] =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans "
    "SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";
static_assert(sizeof(kPrebuf) - 1 == 207, "MS-OXRTFCP dictionary prefix is 207 bytes");

}  // namespace

std::uint32_t RtfCompression::crc(ByteView data) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t c = 0;  // MS-OXRTFCP starts at 0 and does not invert
    for (std::uint8_t b : data)
        c = table[(c ^ b) & 0xFF] ^ (c >> 8);
    return c;
}

bool RtfCompression::crcMatches(ByteView data) {
    if (data.size() < 16)
        return false;
    const std::uint32_t compSize = le32(data.data());
    const std::uint32_t stored = le32(data.data() + 12);
    if (le32(data.data() + 8) == kMela)
        return stored == 0;
    std::size_t end = data.size();
    if (compSize >= 12 && std::size_t(compSize) + 4 < end)
        end = std::size_t(compSize) + 4;
    return crc(ByteView(data.data() + 16, end - 16)) == stored;
}

Result<std::string> RtfCompression::decompress(ByteView data, std::size_t maxOutput) {
    if (data.size() < 16)
        return Error{ErrorCode::InvalidInput, "compressed RTF shorter than its 16-byte header"};
    const std::uint32_t compSize = le32(data.data());
    const std::uint32_t rawSize = le32(data.data() + 4);
    const std::uint32_t type = le32(data.data() + 8);
    // COMPSIZE counts the bytes after itself; trust it only as far as the data goes.
    std::size_t end = data.size();
    if (compSize >= 12 && std::size_t(compSize) + 4 < end)
        end = std::size_t(compSize) + 4;
    const std::size_t limit = std::min<std::size_t>(rawSize, maxOutput);
    if (type == kMela) {
        const std::size_t n = std::min(end - 16, limit);
        return std::string(reinterpret_cast<const char *>(data.data() + 16), n);
    }
    if (type != kLzfu)
        return Error{ErrorCode::InvalidInput, "compressed RTF: unknown COMPTYPE"};

    std::array<char, 4096> dict{};
    std::memcpy(dict.data(), kPrebuf, 207);
    std::size_t write = 207;
    std::string out;
    out.reserve(std::min<std::size_t>(limit, 1u << 20));
    std::size_t pos = 16;
    while (pos < end && out.size() < limit) {
        const std::uint8_t control = data[pos++];
        for (int bit = 0; bit < 8 && out.size() < limit; ++bit) {
            if (pos >= end)
                return out;  // ran out of input: keep what was produced
            if (!(control & (1u << bit))) {
                const char c = static_cast<char>(data[pos++]);
                out.push_back(c);
                dict[write] = c;
                write = (write + 1) & 0xFFF;
                continue;
            }
            if (pos + 2 > end)
                return Error{ErrorCode::InvalidInput, "compressed RTF: dictionary reference cut off"};
            const std::uint16_t ref = static_cast<std::uint16_t>(data[pos] << 8 | data[pos + 1]);
            pos += 2;
            std::size_t offset = ref >> 4;
            const std::size_t length = (ref & 0xF) + 2;
            if (offset == write)
                return out;  // the end marker
            for (std::size_t i = 0; i < length && out.size() < limit; ++i) {
                const char c = dict[offset];
                out.push_back(c);
                dict[write] = c;
                write = (write + 1) & 0xFFF;
                offset = (offset + 1) & 0xFFF;
            }
        }
    }
    return out;
}

}  // namespace harrier::parsers::outlook
