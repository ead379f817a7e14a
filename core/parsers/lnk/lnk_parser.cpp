#include "lnk_parser.h"

#include "parsers/lnk/lnk_reader.h"

namespace harrier::parsers::lnk {

const ingest::ParserInfo &LnkParser::info() const noexcept {
    static const ingest::ParserInfo kInfo{"lnk", "Windows shortcut (.lnk)", {"lnk"}};
    return kInfo;
}

ingest::Confidence LnkParser::sniff(ByteView head, std::string_view) const {
    return isLnkHeader(head) ? ingest::Confidence::Magic : ingest::Confidence::None;
}

Result<void> LnkParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out, const ingest::ParseContext &) {
    auto info = readLnk(item.localPath);
    if (!info) {
        out.setCounts({item.objectId, 1, 0, 1});
        return info.error();
    }
    emitLnk(*info, item, item.objectId, item.path + "#lnk", "windows:lnk", out);
    out.setCounts({item.objectId, 1, 1, 0});
    return {};
}

}  // namespace harrier::parsers::lnk
