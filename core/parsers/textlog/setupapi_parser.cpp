#include "parsers/textlog/setupapi_parser.h"

#include <optional>

#include "ingest/artifact_sink.h"
#include "parsers/textlog/line_reader.h"

namespace harrier::parsers::textlog {

using casestore::ErrorSeverity;

namespace {

// "2015/11/22 17:59:28.110" -> ISO form parseIso8601 accepts.
std::optional<UtcTime> parseSetupApiTime(std::string_view s) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    if (s.size() < 19 || s[4] != '/' || s[7] != '/')
        return std::nullopt;
    std::string iso(s);
    iso[4] = '-';
    iso[7] = '-';
    return UtcTime::parseIso8601(iso);
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

}  // namespace

const ingest::ParserInfo &SetupApiParser::info() const noexcept {
    static const ingest::ParserInfo i{"setupapi", "Windows SetupAPI device/setup log", {"log"}};
    return i;
}

ingest::Confidence SetupApiParser::sniff(ByteView head, std::string_view name) const {
    const std::string_view text(reinterpret_cast<const char *>(head.data()), head.size());
    if (!looksLikeText(text.substr(0, 4096)))
        return ingest::Confidence::None;
    const std::string n = lowerName(name);
    const bool named = n.starts_with("setupapi") && n.find(".log") != std::string::npos;
    if (text.find(">>>  Section start ") != std::string_view::npos ||
        (text.starts_with("[Device Install Log]") || text.starts_with("[SetupAPI Log]")))
        return named ? ingest::Confidence::Magic : ingest::Confidence::Content;
    return named ? ingest::Confidence::Extension : ingest::Confidence::None;
}

Result<void> SetupApiParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                                   const ingest::ParseContext &ctx) {
    auto reader = LineReader::open(item.localPath);
    if (!reader)
        return reader.error();
    out.addError(item.objectId, item.path, std::nullopt,
                 "SetupAPI times are the machine's local time without a zone: read as UTC", ErrorSeverity::Warning);
    casestore::ContainerCounts counts{item.objectId};
    std::string title, line;
    std::optional<casestore::EventRecord> pendingEnd;  // waits for its "[Exit status: ...]" line
    auto flush = [&] {
        if (pendingEnd)
            out.addEvent(std::move(*pendingEnd));
        pendingEnd.reset();
    };
    auto emit = [&](std::string_view stampText, const char *desc, bool isEnd) {
        ++counts.seen;
        const auto time = parseSetupApiTime(stampText);
        if (!time) {
            out.addError(item.objectId, item.path, (*reader)->offset(),
                         "line " + std::to_string((*reader)->number()) + ": unreadable section time",
                         ErrorSeverity::Error);
            ++counts.failed;
            return;
        }
        casestore::EventRecord e;
        e.time = *time;
        e.timestampDesc = desc;
        e.eventType = "windows:setupapi";
        e.objectId = item.objectId;
        e.host = ctx.host;
        e.message = title.empty() ? "(untitled section)" : title;
        ++counts.stored;
        if (isEnd)
            pendingEnd = std::move(e);
        else
            out.addEvent(std::move(e));
    };
    while ((*reader)->next(line)) {
        if (ctx.stop.stop_requested())
            return makeError(ErrorCode::Stopped, "stopped");
        const std::string_view l(line);
        if (l.starts_with(">>>  Section start")) {
            flush();
            emit(l.substr(18), "Section Start", false);
        } else if (l.starts_with("<<<  Section end")) {
            flush();
            emit(l.substr(16), "Section End", true);
        } else if (l.starts_with("<<<  [Exit status:")) {
            if (pendingEnd)
                pendingEnd->message += " " + std::string(trimmed(l.substr(5)));
            flush();
        } else if (l.starts_with(">>>  [")) {
            flush();
            title = std::string(trimmed(l.substr(5)));
            if (title.size() > 2 && title.front() == '[' && title.back() == ']')
                title = title.substr(1, title.size() - 2);
        }
    }
    flush();
    out.setCounts(counts);
    return {};
}

}  // namespace harrier::parsers::textlog
