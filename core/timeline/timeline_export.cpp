#include "timeline/timeline_export.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace harrier::timeline {

namespace {
constexpr int kPageSize = 5000;

std::string severityName(int severity) { return severity < 0 ? "" : std::to_string(severity); }
}  // namespace

std::optional<ExportFormat> parseExportFormat(std::string_view name) {
    if (name == "csv")
        return ExportFormat::Csv;
    if (name == "jsonl")
        return ExportFormat::Jsonl;
    if (name == "timesketch")
        return ExportFormat::Timesketch;
    return std::nullopt;
}

std::string csvEscape(std::string_view field) {
    const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos;
    if (!quote)
        return std::string(field);
    std::string out = "\"";
    for (const char c : field) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + '"';
}

std::string eventToJson(const casestore::EventRow &row, ExportFormat format) {
    nlohmann::json j;
    if (format == ExportFormat::Timesketch) {
        // Timesketch's required trio first; the rest become searchable attributes.
        j["message"] = row.message;
        j["datetime"] = row.time.toIso8601();
        j["timestamp_desc"] = row.timestampDesc;
        j["timestamp"] = row.time.micros;
    } else {
        j["id"] = row.id;
        j["time"] = row.time.toIso8601();
        j["time_us"] = row.time.micros;
        j["timestamp_desc"] = row.timestampDesc;
        j["message"] = row.message;
    }
    j["event_type"] = row.eventType;
    j["harrier_event_id"] = row.id;
    j["harrier_object_id"] = row.objectId;
    j["harrier_source_id"] = row.sourceId;
    if (!row.host.empty())
        j["host"] = row.host;
    if (!row.user.empty())
        j["user"] = row.user;
    if (!row.objectPath.empty())
        j["path"] = row.objectPath;
    if (row.maxSeverity >= 0)
        j["max_hit_severity"] = row.maxSeverity;
    // Evidence text may hold invalid UTF-8; replace rather than throw.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::uint64_t> exportTimeline(const casestore::EventQuery &query, const casestore::EventFilter &filter,
                                     ExportFormat format, std::ostream &out, std::uint64_t limit) {
    if (format == ExportFormat::Csv)
        out << "id,time_utc,timestamp_desc,event_type,host,user,message,path,source_id,object_id,max_hit_severity\n";
    std::uint64_t written = 0;
    std::optional<casestore::EventCursor> cursor;
    for (;;) {
        int pageSize = kPageSize;
        if (limit > 0)
            pageSize = static_cast<int>(std::min<std::uint64_t>(kPageSize, limit - written));
        auto page = query.page(filter, cursor, casestore::PageDirection::Forward, pageSize);
        if (!page)
            return page.error();
        for (const auto &row : *page) {
            if (format == ExportFormat::Csv) {
                out << row.id << ',' << row.time.toIso8601() << ',' << csvEscape(row.timestampDesc) << ','
                    << csvEscape(row.eventType) << ',' << csvEscape(row.host) << ',' << csvEscape(row.user) << ','
                    << csvEscape(row.message) << ',' << csvEscape(row.objectPath) << ',' << row.sourceId << ','
                    << row.objectId << ',' << severityName(row.maxSeverity) << '\n';
            } else {
                out << eventToJson(row, format) << '\n';
            }
        }
        written += page->size();
        if (page->size() < static_cast<std::size_t>(pageSize) || (limit > 0 && written >= limit))
            break;
        cursor = casestore::EventCursor{page->back().time, page->back().id};
    }
    if (!out)
        return makeError(ErrorCode::Io, "write failed while exporting the timeline");
    return written;
}

}  // namespace harrier::timeline
