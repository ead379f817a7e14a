#include "parsers/textlog/access_log_parser.h"

#include <cctype>
#include <charconv>

#include "ingest/artifact_sink.h"
#include "parsers/textlog/line_reader.h"

namespace harrier::parsers::textlog {

using casestore::ErrorSeverity;

namespace {

std::string_view token(std::string_view &rest) {
    const auto sp = rest.find(' ');
    std::string_view t = rest.substr(0, sp);
    rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
    return t;
}

// A double-quoted field; backslash escapes the next character (Apache escapes '"' as \").
std::optional<std::string> quoted(std::string_view &rest) {
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    if (rest.empty() || rest.front() != '"')
        return std::nullopt;
    std::string value;
    std::size_t i = 1;
    for (; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size())
            ++i;
        value += rest[i];
    }
    if (i >= rest.size())
        return std::nullopt;
    rest = rest.substr(i + 1);
    return value;
}

bool number(std::string_view s, int &v) {
    return !s.empty() && std::from_chars(s.data(), s.data() + s.size(), v).ec == std::errc{};
}

// "10/Oct/2000:13:55:36 -0700"
std::optional<UtcTime> parseClfTime(std::string_view s) {
    if (s.size() < 26 || s[2] != '/' || s[6] != '/' || s[11] != ':' || s[20] != ' ')
        return std::nullopt;
    int day = 0, year = 0, h = 0, m = 0, sec = 0, off = 0;
    const int month = monthFromAbbrev(s.substr(3, 3));
    if (!month || !number(s.substr(0, 2), day) || !number(s.substr(7, 4), year) || !number(s.substr(12, 2), h) ||
        !number(s.substr(15, 2), m) || !number(s.substr(18, 2), sec) || !number(s.substr(22, 4), off))
        return std::nullopt;
    if (s[21] != '+' && s[21] != '-')
        return std::nullopt;
    if (day < 1 || day > 31 || h > 23 || m > 59 || sec > 60)
        return std::nullopt;
    const int offMinutes = (off / 100 * 60 + off % 100) * (s[21] == '-' ? -1 : 1);
    const std::int64_t secs = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
                              h * 3600 + m * 60 + sec - offMinutes * 60;
    return UtcTime::fromUnixSeconds(secs);
}

}  // namespace

std::optional<AccessLogLine> parseAccessLogLine(std::string_view line) {
    AccessLogLine out;
    std::string_view rest = line;
    out.client = std::string(token(rest));
    out.ident = std::string(token(rest));
    if (out.client.empty() || rest.empty())
        return std::nullopt;
    // The user may itself contain spaces only in broken logs; take up to " [".
    const auto bracket = rest.find(" [");
    const auto open = rest.starts_with("[") ? 0 : bracket == std::string_view::npos ? bracket : bracket + 1;
    if (open == std::string_view::npos)
        return std::nullopt;
    out.user = open == 0 ? std::string() : std::string(rest.substr(0, open - 1));
    rest = rest.substr(open);
    const auto close = rest.find(']');
    if (close == std::string_view::npos)
        return std::nullopt;
    const auto time = parseClfTime(rest.substr(1, close - 1));
    if (!time)
        return std::nullopt;
    out.time = *time;
    rest = rest.substr(close + 1);
    auto request = quoted(rest);
    if (!request)
        return std::nullopt;
    out.request = std::move(*request);
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    out.status = std::string(token(rest));
    out.bytes = std::string(token(rest));
    if (out.status.empty() || !std::isdigit(static_cast<unsigned char>(out.status[0])))
        return std::nullopt;
    if (auto ref = quoted(rest)) {
        out.referer = std::move(*ref);
        if (auto agent = quoted(rest))
            out.agent = std::move(*agent);
    }
    return out;
}

const ingest::ParserInfo &AccessLogParser::info() const noexcept {
    static const ingest::ParserInfo i{"access-log", "Apache/Nginx access log (common/combined)", {"log"}};
    return i;
}

ingest::Confidence AccessLogParser::sniff(ByteView head, std::string_view name) const {
    const std::string_view text(reinterpret_cast<const char *>(head.data()), head.size());
    if (!looksLikeText(text.substr(0, 4096)))
        return ingest::Confidence::None;
    if (parseAccessLogLine(firstLine(text)))
        return ingest::Confidence::Content;
    const std::string n = lowerName(name);
    return n.starts_with("access.log") || n.starts_with("access_log") ? ingest::Confidence::Extension
                                                                       : ingest::Confidence::None;
}

Result<void> AccessLogParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                                    const ingest::ParseContext &ctx) {
    auto reader = LineReader::open(item.localPath);
    if (!reader)
        return reader.error();
    casestore::ContainerCounts counts{item.objectId};
    std::string line;
    while ((*reader)->next(line)) {
        if (ctx.stop.stop_requested())
            return makeError(ErrorCode::Stopped, "stopped");
        if (line.empty())
            continue;
        ++counts.seen;
        const auto l = parseAccessLogLine(line);
        if (!l) {
            out.addError(item.objectId, item.path, (*reader)->offset(),
                         "line " + std::to_string((*reader)->number()) + " is not an access-log line",
                         ErrorSeverity::Error);
            ++counts.failed;
            continue;
        }
        casestore::EventRecord e;
        e.time = l->time;
        e.timestampDesc = "Web Request";
        e.eventType = "log:apache";
        e.objectId = item.objectId;
        e.host = ctx.host;
        if (l->user != "-")
            e.user = l->user;
        e.message = l->client + " \"" + l->request + "\" " + l->status + " " + l->bytes;
        if (!l->referer.empty() && l->referer != "-")
            e.message += " referer=" + l->referer;
        if (!l->agent.empty() && l->agent != "-")
            e.message += " agent=\"" + l->agent + "\"";
        out.addEvent(std::move(e));
        ++counts.stored;
    }
    out.setCounts(counts);
    return {};
}

}  // namespace harrier::parsers::textlog
