#include "parsers/textlog/syslog_parser.h"

#include <cctype>
#include <charconv>

#include "ingest/artifact_sink.h"
#include "parsers/textlog/line_reader.h"

namespace harrier::parsers::textlog {

using casestore::ErrorSeverity;

namespace {

bool twoDigits(std::string_view s, std::size_t at, int &value) {
    if (at + 2 > s.size() || !std::isdigit(static_cast<unsigned char>(s[at])) ||
        !std::isdigit(static_cast<unsigned char>(s[at + 1])))
        return false;
    value = (s[at] - '0') * 10 + (s[at + 1] - '0');
    return true;
}

std::string_view nextToken(std::string_view &rest) {
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    const auto sp = rest.find(' ');
    std::string_view tok = rest.substr(0, sp);
    rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
    return tok;
}

// "prog[pid]: message" -> program, message. Lines without a tag keep all as message.
void splitTag(std::string_view rest, SyslogLine &out) {
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    const auto colon = rest.find(": ");
    const auto space = rest.find(' ');
    if (colon != std::string_view::npos && colon <= space) {
        out.program = std::string(rest.substr(0, colon));
        rest = rest.substr(colon + 2);
    } else if (space != std::string_view::npos && space > 0 && rest.substr(0, space).find('[') != std::string_view::npos) {
        out.program = std::string(rest.substr(0, space));  // "sockerfilterfw[1985] <Info>: ..."
        rest = rest.substr(space + 1);
    }
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    out.message = std::string(rest);
}

bool isLevelWord(std::string_view w) {
    return w == "INFO" || w == "DEBUG" || w == "WARNING" || w == "ERR" || w == "ERROR" || w == "NOTICE" ||
           w == "CRIT" || w == "ALERT" || w == "EMERG";
}

/// The names syslog daemons give their files, also rotated ("messages.1",
/// "auth.log.2", "syslog-20240102"). Exact, not a prefix: an attachment called
/// "secure_message.html" or "messages.htm" is not /var/log/secure.
bool isSyslogFileName(const std::string &lowerName) {
    for (const std::string_view known : {"syslog", "auth.log", "messages", "secure", "kern.log", "daemon.log"}) {
        if (!lowerName.starts_with(known))
            continue;
        const std::string_view rest = std::string_view(lowerName).substr(known.size());
        if (rest.empty())
            return true;
        if ((rest[0] == '.' || rest[0] == '-') && rest.size() > 1 &&
            rest.substr(1).find_first_not_of("0123456789") == std::string_view::npos)
            return true;
    }
    return false;
}

}  // namespace

std::optional<SyslogLine> parseSyslogLine(std::string_view line) {
    SyslogLine out;
    std::string_view rest = line;
    if (line.size() > 3 && line[0] == '<') {  // RFC 5424: "<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG"
        const auto gt = line.find('>');
        if (gt == std::string_view::npos || gt > 4)
            return std::nullopt;
        rest = line.substr(gt + 1);
        const std::string_view version = nextToken(rest);
        if (version.empty() || !std::isdigit(static_cast<unsigned char>(version[0])))
            return std::nullopt;
        out.time = UtcTime::parseIso8601(nextToken(rest));
        if (!out.time)
            return std::nullopt;
        out.host = std::string(nextToken(rest));
        std::string app(nextToken(rest));
        const std::string_view procid = nextToken(rest);
        (void)nextToken(rest);  // MSGID
        std::string_view sd = nextToken(rest);
        if (sd.size() > 1 && sd.front() == '[') {  // structured data up to the closing ']'
            const auto end = rest.find("] ");
            rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 2);
        }
        out.program = procid != "-" ? app + "[" + std::string(procid) + "]" : app;
        while (!rest.empty() && rest.front() == ' ')
            rest.remove_prefix(1);
        out.message = std::string(rest);
        return out;
    }
    if (line.size() >= 19 && std::isdigit(static_cast<unsigned char>(line[0])) && line[4] == '-' &&
        line[10] == 'T') {  // rsyslog high-precision / ISO 8601
        std::string_view stamp = nextToken(rest);
        out.time = UtcTime::parseIso8601(stamp);
        if (!out.time)
            return std::nullopt;
        std::string_view save = rest;
        const std::string_view host = nextToken(rest);
        if (isLevelWord(host))
            rest = save;  // ChromeOS: a level, no host
        else
            out.host = std::string(host);
        splitTag(rest, out);
        return out;
    }
    // BSD: "Mmm dd hh:mm:ss host tag: msg" (day padded with a space)
    if (line.size() < 16 || line[3] != ' ' || line[6] != ' ' || line[9] != ':' || line[12] != ':')
        return std::nullopt;
    out.month = monthFromAbbrev(line.substr(0, 3));
    if (out.month == 0)
        return std::nullopt;
    if (line[4] == ' ') {
        if (!std::isdigit(static_cast<unsigned char>(line[5])))
            return std::nullopt;
        out.day = line[5] - '0';
    } else if (!twoDigits(line, 4, out.day)) {
        return std::nullopt;
    }
    if (!twoDigits(line, 7, out.hour) || !twoDigits(line, 10, out.minute) || !twoDigits(line, 13, out.second) ||
        out.day < 1 || out.day > 31 || out.hour > 23 || out.minute > 59 || out.second > 60)
        return std::nullopt;
    rest = line.substr(15);
    out.host = std::string(nextToken(rest));
    splitTag(rest, out);
    return out;
}

const ingest::ParserInfo &SyslogParser::info() const noexcept {
    static const ingest::ParserInfo i{"syslog", "syslog / auth.log text logs", {"log"}};
    return i;
}

ingest::Confidence SyslogParser::sniff(ByteView head, std::string_view name) const {
    const std::string_view text(reinterpret_cast<const char *>(head.data()), head.size());
    if (!looksLikeText(text.substr(0, 4096)))
        return ingest::Confidence::None;
    if (parseSyslogLine(firstLine(text)))
        return ingest::Confidence::Content;
    return isSyslogFileName(lowerName(name)) ? ingest::Confidence::Extension : ingest::Confidence::None;
}

Result<void> SyslogParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                                 const ingest::ParseContext &ctx) {
    auto reader = LineReader::open(item.localPath);
    if (!reader)
        return reader.error();
    LineReader &lines = **reader;
    // First pass: how many year roll-overs, and the month of the last BSD line.
    std::string line;
    int rollovers = 0, lastMonth = 0;
    bool anyBsd = false;
    while (lines.next(line)) {
        const auto l = parseSyslogLine(line);
        if (!l || l->time)
            continue;
        if (anyBsd && l->month < lastMonth)
            ++rollovers;
        lastMonth = l->month;
        anyBsd = true;
    }
    lines.rewind();
    const UtcTime reference = item.modified ? *item.modified : UtcTime::now();
    const std::int64_t refDays = reference.micros / 86'400'000'000LL;
    // Civil year and month of the reference (inverse of daysFromCivil, coarse but exact for whole days).
    std::int64_t refYear = 1970 + refDays / 366;
    while (daysFromCivil(refYear + 1, 1, 1) <= refDays)
        ++refYear;
    unsigned refMonth = 1;
    while (refMonth < 12 && daysFromCivil(refYear, refMonth + 1, 1) <= refDays)
        ++refMonth;
    std::int64_t year = refYear - rollovers - (static_cast<unsigned>(lastMonth) > refMonth ? 1 : 0);
    if (anyBsd)
        out.addError(item.objectId, item.path, std::nullopt,
                     "syslog lines carry no year or zone: read as UTC, year " + std::to_string(year) +
                         " inferred from the file's modification time (" + reference.toIso8601() + ")",
                     ErrorSeverity::Warning);

    casestore::ContainerCounts counts{item.objectId};
    std::optional<casestore::EventRecord> pending;
    auto flush = [&] {
        if (pending)
            out.addEvent(std::move(*pending));
        pending.reset();
    };
    int prevMonth = 0;
    while (lines.next(line)) {
        if (ctx.stop.stop_requested())
            return makeError(ErrorCode::Stopped, "stopped");
        if (line.empty())
            continue;
        ++counts.seen;
        if (lines.truncated())
            out.addError(item.objectId, item.path, lines.offset(), "line longer than 1 MiB was cut",
                         ErrorSeverity::Warning);
        const auto l = parseSyslogLine(line);
        if (!l) {
            if (pending && pending->message.size() < 65536) {  // a continuation of a multi-line message
                pending->message += "\n" + line;
                ++counts.stored;
            } else {
                out.addError(item.objectId, item.path, lines.offset(),
                             "line " + std::to_string(lines.number()) + " is not a syslog line", ErrorSeverity::Error);
                ++counts.failed;
            }
            continue;
        }
        flush();
        casestore::EventRecord e;
        if (l->time) {
            e.time = *l->time;
        } else {
            if (prevMonth && l->month < prevMonth)
                ++year;
            prevMonth = l->month;
            e.time = UtcTime{(daysFromCivil(year, static_cast<unsigned>(l->month), static_cast<unsigned>(l->day)) *
                                  86400 +
                              l->hour * 3600 + l->minute * 60 + l->second) *
                             1'000'000LL};
        }
        e.timestampDesc = "Log Line";
        e.eventType = "log:syslog";
        e.objectId = item.objectId;
        e.host = !ctx.host.empty() ? ctx.host : l->host;
        e.message = (l->program.empty() ? std::string() : l->program + ": ") + l->message;
        pending = std::move(e);
        ++counts.stored;
    }
    flush();
    out.setCounts(counts);
    return {};
}

}  // namespace harrier::parsers::textlog
