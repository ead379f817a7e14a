#pragma once
/// Findings as data for other tools: one row per (finding, affected item),
/// CSV, JSONL, or Timesketch JSONL (message/datetime/timestamp_desc), with
/// indicators defanged as in the report. The timeline itself is exported by
/// core/timeline; this is the findings' counterpart.

#include <optional>
#include <ostream>
#include <string>

#include "base/result.h"
#include "report/report_model.h"

namespace harrier::report {

enum class FindingsFormat { Csv, Jsonl, Timesketch };

std::optional<FindingsFormat> parseFindingsFormat(const std::string &name);

/// Returns the number of rows written.
Result<std::size_t> exportFindings(const ReportData &report, FindingsFormat format, std::ostream &out);

}  // namespace harrier::report
