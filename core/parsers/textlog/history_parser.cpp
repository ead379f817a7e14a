#include "parsers/textlog/history_parser.h"

#include <cctype>
#include <charconv>
#include <optional>

#include "ingest/artifact_sink.h"
#include "parsers/textlog/line_reader.h"

namespace harrier::parsers::textlog {

using casestore::ErrorSeverity;

namespace {

bool isPowerShell(std::string_view name) { return lowerName(name) == "consolehost_history.txt"; }

std::optional<std::int64_t> epochLine(std::string_view l) {
    if (l.size() < 2 || l[0] != '#')
        return std::nullopt;
    std::int64_t v = 0;
    const auto r = std::from_chars(l.data() + 1, l.data() + l.size(), v);
    if (r.ec != std::errc{} || r.ptr != l.data() + l.size())
        return std::nullopt;
    return v;
}

}  // namespace

const ingest::ParserInfo &HistoryParser::info() const noexcept {
    static const ingest::ParserInfo i{"shell-history", "bash history and PowerShell ConsoleHost_history.txt", {}};
    return i;
}

ingest::Confidence HistoryParser::sniff(ByteView head, std::string_view name) const {
    const std::string_view text(reinterpret_cast<const char *>(head.data()), head.size());
    if (!text.empty() && !looksLikeText(text.substr(0, 4096)))
        return ingest::Confidence::None;
    const std::string n = lowerName(name);
    if (isPowerShell(n) || n == ".bash_history" || n == "bash_history")
        return ingest::Confidence::Content;  // the name is the format here: content is free text
    return ingest::Confidence::None;
}

Result<void> HistoryParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                                  const ingest::ParseContext &ctx) {
    auto reader = LineReader::open(item.localPath);
    if (!reader)
        return reader.error();
    const bool ps = isPowerShell(item.name);
    casestore::ContainerCounts counts{item.objectId};
    std::optional<std::int64_t> stamp;
    std::string line;
    std::uint64_t index = 0;
    bool warnedNoTime = false;
    while ((*reader)->next(line)) {
        if (ctx.stop.stop_requested())
            return makeError(ErrorCode::Stopped, "stopped");
        if (!ps) {
            if (const auto t = epochLine(line)) {
                stamp = *t;
                continue;
            }
        }
        if (line.empty())
            continue;
        ++counts.seen;
        ++index;
        casestore::EventRecord e;
        if (stamp) {
            e.time = UtcTime::fromUnixSeconds(*stamp);
            e.timestampDesc = "Command Run";
        } else if (item.modified) {
            e.time = *item.modified;
            e.timestampDesc = "History File Modified";
            if (!warnedNoTime) {
                out.addError(item.objectId, item.path, std::nullopt,
                             "history lines carry no time: commands are placed at the file's modification time",
                             ErrorSeverity::Warning);
                warnedNoTime = true;
            }
        } else {
            out.addError(item.objectId, item.path, (*reader)->offset(),
                         "command " + std::to_string(index) + " has no time and the file's time is unknown",
                         ErrorSeverity::Error);
            ++counts.failed;
            continue;
        }
        stamp.reset();
        e.eventType = ps ? "windows:powershell:history" : "shell:bash:history";
        e.objectId = item.objectId;
        e.host = ctx.host;
        e.message = std::string(ps ? "PowerShell" : "bash") + " command " + std::to_string(index) + ": " + line;
        out.addEvent(std::move(e));
        ++counts.stored;
    }
    out.setCounts(counts);
    return {};
}

}  // namespace harrier::parsers::textlog
