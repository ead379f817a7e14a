#include "parsers/textlog/iis_parser.h"

#include <map>
#include <vector>

#include "ingest/artifact_sink.h"
#include "parsers/textlog/line_reader.h"

namespace harrier::parsers::textlog {

using casestore::ErrorSeverity;

namespace {

std::vector<std::string_view> splitSpaces(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ')
            ++i;
        if (i >= s.size())
            break;
        const auto end = s.find(' ', i);
        out.push_back(s.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
        if (end == std::string_view::npos)
            break;
        i = end + 1;
    }
    return out;
}

}  // namespace

const ingest::ParserInfo &IisParser::info() const noexcept {
    static const ingest::ParserInfo i{"iis", "IIS / W3C extended log", {"log"}};
    return i;
}

ingest::Confidence IisParser::sniff(ByteView head, std::string_view) const {
    const std::string_view text(reinterpret_cast<const char *>(head.data()), head.size());
    if (!looksLikeText(text.substr(0, 4096)))
        return ingest::Confidence::None;
    const std::string_view first = firstLine(text);
    if (first.starts_with("#Software: Microsoft Internet Information Services"))
        return ingest::Confidence::Magic;
    if ((first.starts_with("#Software:") || first.starts_with("#Version:") || first.starts_with("#Date:") ||
         first.starts_with("#Fields:")) &&
        text.find("\n#Fields:") != std::string_view::npos)
        return ingest::Confidence::Content;
    return ingest::Confidence::None;
}

Result<void> IisParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                              const ingest::ParseContext &ctx) {
    auto reader = LineReader::open(item.localPath);
    if (!reader)
        return reader.error();
    casestore::ContainerCounts counts{item.objectId};
    std::vector<std::string> fields;
    std::string headerDate;  // from "#Date: 2013-07-30 00:00:00"
    std::string line;
    while ((*reader)->next(line)) {
        if (ctx.stop.stop_requested())
            return makeError(ErrorCode::Stopped, "stopped");
        if (line.empty())
            continue;
        if (line[0] == '#') {
            const std::string_view l(line);
            if (l.starts_with("#Fields:")) {
                fields.clear();
                for (auto f : splitSpaces(l.substr(8)))
                    fields.emplace_back(f);
            } else if (l.starts_with("#Date:")) {
                const auto parts = splitSpaces(l.substr(6));
                if (!parts.empty())
                    headerDate = std::string(parts[0]);
            }
            continue;  // directives are not entries
        }
        ++counts.seen;
        const auto values = splitSpaces(line);
        auto fail = [&](const std::string &why) {
            out.addError(item.objectId, item.path, (*reader)->offset(),
                         "line " + std::to_string((*reader)->number()) + ": " + why, ErrorSeverity::Error);
            ++counts.failed;
        };
        if (fields.empty()) {
            fail("entry before any #Fields directive");
            continue;
        }
        if (values.size() != fields.size()) {
            fail("has " + std::to_string(values.size()) + " values for " + std::to_string(fields.size()) + " fields");
            continue;
        }
        std::map<std::string_view, std::string_view> row;
        for (std::size_t i = 0; i < fields.size(); ++i)
            row[fields[i]] = values[i];
        auto get = [&](std::string_view k) -> std::string_view {
            const auto it = row.find(k);
            return it == row.end() || it->second == "-" ? std::string_view{} : it->second;
        };
        std::string date(get("date"));
        if (date.empty())
            date = headerDate;
        const auto time = UtcTime::parseIso8601(date + "T" + std::string(get("time")) + "Z");
        if (date.empty() || !time) {
            fail("no readable date/time");
            continue;
        }
        casestore::EventRecord e;
        e.time = *time;
        e.timestampDesc = "Web Request";
        e.eventType = "log:iis";
        e.objectId = item.objectId;
        e.host = !ctx.host.empty() ? ctx.host : std::string(get("s-computername"));
        e.user = std::string(get("cs-username"));
        std::string uri(get("cs-uri-stem"));
        if (const auto q = get("cs-uri-query"); !q.empty())
            uri += "?" + std::string(q);
        e.message = std::string(get("c-ip")) + " " + std::string(get("cs-method")) + " " + uri + " " +
                    std::string(get("sc-status"));
        // Every other field, by its W3C name, so nothing in the line is lost.
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const std::string &f = fields[i];
            if (f == "date" || f == "time" || f == "c-ip" || f == "cs-method" || f == "cs-uri-stem" ||
                f == "cs-uri-query" || f == "sc-status" || values[i] == "-")
                continue;
            e.message += " " + f + "=" + std::string(values[i]);
        }
        out.addEvent(std::move(e));
        ++counts.stored;
    }
    out.setCounts(counts);
    return {};
}

}  // namespace harrier::parsers::textlog
