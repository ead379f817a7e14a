#include "report/findings_export.h"

#include <nlohmann/json.hpp>

namespace harrier::report {

namespace {

std::string csvField(const std::string &s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

std::string joinIndicators(const Finding &f) {
    std::string out;
    for (const auto &i : f.indicators)
        out += (out.empty() ? "" : " ") + i.kind + ":" + i.defanged;
    return out;
}

}  // namespace

std::optional<FindingsFormat> parseFindingsFormat(const std::string &name) {
    if (name == "csv")
        return FindingsFormat::Csv;
    if (name == "jsonl")
        return FindingsFormat::Jsonl;
    if (name == "timesketch")
        return FindingsFormat::Timesketch;
    return std::nullopt;
}

Result<std::size_t> exportFindings(const ReportData &report, FindingsFormat format, std::ostream &out) {
    std::size_t rows = 0;
    if (format == FindingsFormat::Csv)
        out << "severity,band,detector,rule_set,rule_id,rule_set_hash,explanation,object_id,event_id,item_kind,"
               "item_path,item_sha256,email_date,email_from,email_subject,flagged_url,indicators\n";
    for (const auto &g : report.findings) {
        for (const auto &f : g.findings) {
            for (const auto &item : f.items) {
                const std::string emailDate = item.emailDate ? item.emailDate->toIso8601() : std::string();
                if (format == FindingsFormat::Csv) {
                    out << f.severity << "," << toString(f.band) << "," << csvField(f.detector) << ","
                        << csvField(f.ruleSet) << "," << csvField(f.ruleId) << "," << f.ruleSetHash << ","
                        << csvField(item.explanation) << "," << item.objectId << "," << item.eventId << ","
                        << csvField(item.kind) << "," << csvField(item.path) << "," << item.sha256 << ","
                        << emailDate << "," << csvField(item.emailFrom) << "," << csvField(item.emailSubject) << ","
                        << csvField(item.flaggedUrl) << "," << csvField(joinIndicators(f)) << "\n";
                } else {
                    nlohmann::json j{{"severity", f.severity},          {"band", std::string(toString(f.band))},
                                     {"detector", f.detector},          {"rule_set", f.ruleSet},
                                     {"rule_id", f.ruleId},             {"rule_set_hash", f.ruleSetHash},
                                     {"explanation", item.explanation}, {"object_id", item.objectId},
                                     {"event_id", item.eventId},        {"item_kind", item.kind},
                                     {"item_path", item.path},          {"item_sha256", item.sha256}};
                    if (item.email)
                        j["email"] = {{"date", emailDate}, {"from", item.emailFrom}, {"subject", item.emailSubject},
                                      {"flagged_url", item.flaggedUrl}};
                    j["indicators"] = nlohmann::json::array();
                    for (const auto &i : f.indicators)
                        j["indicators"].push_back({{"kind", i.kind}, {"value", i.defanged}});
                    if (format == FindingsFormat::Timesketch) {
                        // Timesketch needs message, datetime and timestamp_desc.
                        const auto when = item.emailDate ? *item.emailDate : report.generatedAt;
                        j["message"] = "[" + std::string(toString(f.band)) + "] " + f.detector + ": " + item.explanation;
                        j["datetime"] = when.toIso8601();
                        j["timestamp"] = when.micros;
                        j["timestamp_desc"] = item.emailDate ? "Email Date" : "Report Generated";
                        j["data_type"] = "harrier:finding";
                    }
                    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
                }
                ++rows;
            }
        }
    }
    if (!out)
        return makeError(ErrorCode::Io, "cannot write findings");
    return rows;
}

}  // namespace harrier::report
