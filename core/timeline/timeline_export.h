#pragma once
/// Writes a filtered timeline out, page by page (never the whole table in
/// memory): CSV for spreadsheets, JSONL for scripts, and Timesketch JSONL
/// that Timesketch imports as is (message, datetime, timestamp_desc).

#include <ostream>
#include <string_view>

#include "base/result.h"
#include "casestore/event_query.h"

namespace harrier::timeline {

enum class ExportFormat { Csv, Jsonl, Timesketch };

/// "csv", "jsonl", "timesketch".
std::optional<ExportFormat> parseExportFormat(std::string_view name);

/// Returns the number of events written; limit 0 writes all.
Result<std::uint64_t> exportTimeline(const casestore::EventQuery &query, const casestore::EventFilter &filter,
                                     ExportFormat format, std::ostream &out, std::uint64_t limit = 0);

/// One event as a JSON object line (no trailing newline), in the given format.
std::string eventToJson(const casestore::EventRow &row, ExportFormat format);
std::string csvEscape(std::string_view field);

}  // namespace harrier::timeline
