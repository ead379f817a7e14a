#pragma once
/// Binaries embedded in a text body rather than in their own MIME part:
/// uuencode ("begin 644 name" ... "end") and yEnc ("=ybegin ... name=" ...
/// "=yend"), as Usenet and old mailers send them. Decoded with GMime's
/// step decoders.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace harrier::parsers::mail {

struct InlineBinary {
    std::string name;
    std::string encoding;  ///< "uuencode" or "yenc"
    std::vector<std::uint8_t> data;
};

class InlineBinaries {
public:
    static std::vector<InlineBinary> find(std::string_view text);
};

}  // namespace harrier::parsers::mail
