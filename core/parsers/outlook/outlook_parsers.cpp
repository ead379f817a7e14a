#include "parsers/outlook/outlook_parsers.h"

#include <algorithm>
#include <cstring>

#include "parsers/mail/gmime_util.h"
#include "parsers/outlook/msg_reader.h"
#include "parsers/outlook/pst_reader.h"

namespace harrier::parsers::outlook {

namespace {

constexpr std::uint8_t kOleMagic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

template <typename Reader>
Result<void> guarded(const char *what, Reader &reader) {
    // Exceptions never leave a parser: hostile files must not stop the ingest.
    try {
        return reader.run();
    } catch (const std::exception &ex) {
        return Error{ErrorCode::Internal, std::string(what) + ": " + ex.what()};
    }
}

}  // namespace

const ingest::ParserInfo &PstParser::info() const noexcept {
    static const ingest::ParserInfo info{"pst", "Outlook PST/OST/PAB (libpff)", {"pst", "ost", "pab"}};
    return info;
}

ingest::Confidence PstParser::sniff(ByteView head, std::string_view name) const {
    // "!BDN" then the client magic: "SM" (PST), "SO" (OST), "AB" (PAB).
    if (head.size() >= 10 && std::memcmp(head.data(), "!BDN", 4) == 0 &&
        (std::memcmp(head.data() + 8, "SM", 2) == 0 || std::memcmp(head.data() + 8, "SO", 2) == 0 ||
         std::memcmp(head.data() + 8, "AB", 2) == 0))
        return ingest::Confidence::Magic;
    const std::string ext = ingest::extensionOf(name);
    if ((ext == "pst" || ext == "ost") && head.size() >= 4 && std::memcmp(head.data(), "!BDN", 4) == 0)
        return ingest::Confidence::Extension;
    return ingest::Confidence::None;
}

Result<void> PstParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out, const ingest::ParseContext &ctx) {
    mail::ensureGmime();
    PstReader reader(item, out, ctx);
    return guarded("PST", reader);
}

bool MsgParser::headHasMsgStreams(ByteView head) {
    static const char needle[] = "_\0_\0s\0u\0b\0s\0t\0g\0001\0.\0000\0_\0";
    const auto *begin = head.data();
    const auto *end = head.data() + head.size();
    return std::search(begin, end, needle, needle + sizeof(needle) - 1) != end;
}

const ingest::ParserInfo &MsgParser::info() const noexcept {
    static const ingest::ParserInfo info{"msg", "Outlook item (.msg, libolecf)", {"msg"}};
    return info;
}

ingest::Confidence MsgParser::sniff(ByteView head, std::string_view name) const {
    if (head.size() < 8 || std::memcmp(head.data(), kOleMagic, 8) != 0)
        return ingest::Confidence::None;
    if (headHasMsgStreams(head))
        return ingest::Confidence::Magic;
    // Other OLE files (.doc, .xls) share the magic: only the name says MSG here.
    return ingest::extensionOf(name) == "msg" ? ingest::Confidence::Content : ingest::Confidence::None;
}

Result<void> MsgParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out, const ingest::ParseContext &ctx) {
    mail::ensureGmime();
    MsgReader reader(item, out, ctx);
    return guarded("MSG", reader);
}

}  // namespace harrier::parsers::outlook
