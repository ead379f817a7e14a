#include "parsers/mail/mail_parsers.h"

#include <fcntl.h>
#include <unistd.h>

#include <set>

#include "ingest/byte_stream.h"
#include "parsers/mail/gmime_util.h"
#include "parsers/mail/mail_file_reader.h"
#include "parsers/mail/tnef_reader.h"

namespace harrier::parsers::mail {

using casestore::Attribute;
using ingest::Confidence;

namespace {

bool startsWithFromLine(std::string_view s) {
    if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF && static_cast<unsigned char>(s[1]) == 0xBB &&
        static_cast<unsigned char>(s[2]) == 0xBF)
        s.remove_prefix(3);
    return s.rfind("From ", 0) == 0;
}

const std::set<std::string> &knownHeaders() {
    static const std::set<std::string> names = {
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "received", "return-path", "mime-version",
        "content-type", "content-transfer-encoding", "delivered-to", "reply-to", "sender", "x-mailer", "references",
        "in-reply-to", "dkim-signature", "authentication-results", "x-original-to", "envelope-to", "newsgroups",
        "user-agent", "thread-topic", "thread-index", "received-spf", "arc-seal", "x-received", "list-id",
        "x-originating-ip", "importance", "x-priority", "organization", "content-language", "precedence",
        "x-spam-status", "x-spam-flag", "errors-to", "resent-from", "resent-to", "x-sender", "x-ms-exchange-organization-authas",
        "x-mimeole", "lines", "path", "x-newsreader", "content-disposition"};
    return names;
}

}  // namespace

// ---- mbox ----

const ingest::ParserInfo &MboxParser::info() const noexcept {
    static const ingest::ParserInfo i{"mbox", "Unix mailbox (mboxo/mboxrd/Content-Length)", {"mbox", "mbx", "mbs"}};
    return i;
}

Confidence MboxParser::sniff(ByteView head, std::string_view name) const {
    if (startsWithFromLine(asText(head)))
        return Confidence::Magic;
    const std::string ext = ingest::extensionOf(name);
    return (ext == "mbox" || ext == "mbx") && !head.empty() ? Confidence::Extension : Confidence::None;
}

Result<void> MboxParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                               const ingest::ParseContext &ctx) {
    return MailFileReader(item, out, ctx).readMbox();
}

// ---- single message ----

int EmlParser::mailHeaderScore(ByteView head) {
    std::string_view s = asText(head);
    int known = 0, headers = 0, bad = 0;
    std::size_t pos = 0;
    for (int line = 0; line < 200 && pos < s.size(); ++line) {
        std::size_t nl = s.find_first_of("\r\n", pos);
        if (nl == std::string_view::npos)
            nl = s.size();
        const std::string_view l = s.substr(pos, nl - pos);
        pos = nl + 1;
        if (nl < s.size() && s[nl] == '\r' && pos < s.size() && s[pos] == '\n')
            ++pos;
        if (l.empty())
            break;  // end of the header block
        if (l[0] == ' ' || l[0] == '\t') {
            if (headers == 0)
                ++bad;
            continue;
        }
        const std::size_t colon = l.find(':');
        bool valid = colon != std::string_view::npos && colon > 0 && colon < 80;
        for (std::size_t i = 0; valid && i < colon; ++i) {
            const unsigned char c = static_cast<unsigned char>(l[i]);
            valid = c > 32 && c < 127;
        }
        if (!valid) {
            ++bad;
            continue;
        }
        ++headers;
        if (knownHeaders().count(lower(l.substr(0, colon))))
            ++known;
    }
    if (headers == 0 || bad * 4 > headers)
        return 0;
    return known;
}

std::optional<std::string> EmlParser::maildirFlags(std::string_view name) {
    // "unique:2,FLAGS"; ',' and '!' stand in for ':' where file systems forbid it.
    for (const char *sep : {":2,", "!2,", ",2,"}) {
        const std::size_t p = name.rfind(sep);
        if (p == std::string_view::npos || p == 0)
            continue;
        const std::string_view flags = name.substr(p + 3);
        bool ok = true;
        for (const char c : flags)
            ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
        if (ok)
            return std::string(flags);
    }
    return std::nullopt;
}

const ingest::ParserInfo &EmlParser::info() const noexcept {
    static const ingest::ParserInfo i{"eml", "RFC 822 message (.eml, Maildir, extension-less)", {"eml"}};
    return i;
}

Confidence EmlParser::sniff(ByteView head, std::string_view name) const {
    if (startsWithFromLine(asText(head)))
        return Confidence::None;  // an mbox
    const int score = mailHeaderScore(head);
    const std::string ext = ingest::extensionOf(name);
    if (score >= 2 || (score >= 1 && ext == "eml"))
        return Confidence::Content;
    return ext == "eml" && !head.empty() ? Confidence::Extension : Confidence::None;
}

Result<void> EmlParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                              const ingest::ParseContext &ctx) {
    std::vector<Attribute> attrs;
    // Maildir: the folder (cur/new/tmp) and the flags in the name are evidence
    // (S = seen, R = replied, F = flagged, T = trashed, D = draft, P = passed).
    const std::string &path = item.path;
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? std::string() : path.substr(0, slash);
    const std::string folder = dir.substr(dir.rfind('/') == std::string::npos ? 0 : dir.rfind('/') + 1);
    const bool inMaildir = folder == "cur" || folder == "new" || folder == "tmp";
    if (auto flags = maildirFlags(item.name); flags || inMaildir) {
        if (inMaildir)
            attrs.push_back(Attribute::ofText("maildir_folder", folder));
        if (flags) {
            attrs.push_back(Attribute::ofText("maildir_flags", *flags));
            static const std::pair<char, const char *> names[] = {{'P', "passed"},  {'R', "replied"},
                                                                   {'S', "seen"},    {'T', "trashed"},
                                                                   {'D', "draft"},   {'F', "flagged"}};
            std::string words;
            for (const auto &[c, w] : names)
                if (flags->find(c) != std::string::npos)
                    words += (words.empty() ? "" : ",") + std::string(w);
            if (!words.empty())
                attrs.push_back(Attribute::ofText("maildir_flag_names", words));
        }
    }
    return MailFileReader(item, out, ctx).readSingle(std::move(attrs));
}

// ---- bare TNEF ----

const ingest::ParserInfo &TnefParser::info() const noexcept {
    static const ingest::ParserInfo i{"tnef", "Outlook TNEF (winmail.dat)", {"dat", "tnef"}};
    return i;
}

Confidence TnefParser::sniff(ByteView head, std::string_view) const {
    return TnefReader::looksLikeTnef(head) ? Confidence::Magic : Confidence::None;
}

Result<void> TnefParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                               const ingest::ParseContext &ctx) {
    constexpr std::uint64_t kMax = 1ULL << 30;
    if (item.size > kMax)
        return makeError(ErrorCode::LimitExceeded, "TNEF file larger than 1 GiB not expanded");
    const int fd = ::open(item.localPath.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return makeError(ErrorCode::Io, "cannot open " + item.path);
    std::vector<std::uint8_t> data(item.size);
    std::size_t got = 0;
    while (got < data.size()) {
        const ssize_t n = ::read(fd, data.data() + got, data.size() - got);
        if (n <= 0)
            break;
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    data.resize(got);
    auto items = TnefReader::read(data);
    if (!items)
        return items.error();
    if (!items->problem.empty())
        out.addError(item.objectId, item.path, std::nullopt, "TNEF: " + items->problem,
                     casestore::ErrorSeverity::Warning);
    casestore::ContainerCounts counts{item.objectId};
    std::set<std::string> used;
    for (auto &t : items->items) {
        if (ctx.stop.stop_requested())
            break;
        ++counts.seen;
        std::string name = t.name;
        for (int k = 1; used.count(name); ++k)
            name = t.name + "." + std::to_string(k);
        used.insert(name);
        std::vector<Attribute> attrs{Attribute::ofText("filename", name), Attribute::ofInt("from_tnef", 1)};
        if (t.isBody)
            attrs.push_back(Attribute::ofInt("tnef_body", 1));
        ingest::MemoryStream stream(t.data);
        const auto outcome = out.ingestNested(item.objectId, {name, item.path + "/" + name, "attachment", attrs, {}}, stream);
        if (outcome.id)
            ++counts.stored;
        else
            ++counts.failed;
    }
    out.setCounts(counts);
    return {};
}

}  // namespace harrier::parsers::mail
