#pragma once
/// Gathers a ReportData from a case through casestore's read APIs (no SQL
/// here): case facts, evidence, findings grouped by severity with the
/// affected items and defanged indicators, key timeline, notes, activity,
/// rule packs and the IOC appendix.

#include <map>
#include <memory>
#include <string>

#include "base/result.h"
#include "casestore/records.h"
#include "report/report_model.h"

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::report {

struct ReportOptions {
    std::string marking = "TLP:AMBER";
    std::string analyst;          ///< who generates the report
    std::string harrierVersion;
    std::size_t maxTimelineEntries = 400;
    std::size_t maxItemsPerFinding = 50;
    int activityBuckets = 60;
};

class ReportBuilder {
public:
    /// Reads only; the stores it uses take a non-const case.
    explicit ReportBuilder(casestore::CaseDb &db);
    ~ReportBuilder();
    Result<ReportData> build(const ReportOptions &options);

private:
    struct ObjectFacts;
    Result<const ObjectFacts *> facts(casestore::ObjectId id);
    Result<void> addCaseFacts(ReportData &r, const ReportOptions &options);
    Result<void> addEvidence(ReportData &r);
    Result<void> addFindings(ReportData &r, const ReportOptions &options);
    Result<void> addAnnotations(ReportData &r, const ReportOptions &options);
    Result<void> addRulePacks(ReportData &r);
    Result<std::optional<UtcTime>> objectTime(casestore::ObjectId id);

    casestore::CaseDb &m_db;
    std::map<casestore::ObjectId, std::unique_ptr<ObjectFacts>> m_facts;  ///< objects looked up so far
    std::map<std::string, std::vector<std::map<std::string, std::string>>> m_packMetas;  ///< hash -> matched rules' meta
};

}  // namespace harrier::report
