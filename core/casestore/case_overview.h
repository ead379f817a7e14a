#pragma once
/// Aggregates for the case dashboard: hits by severity band and the rules
/// and analyzers that fired most, over the newest version of each rule set
/// (as HitStore::list shows by default).

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/severity.h"
#include "casestore/records.h"

namespace harrier::casestore {

class CaseDb;

struct RuleHitCount {
    std::string ruleSet;
    std::string ruleId;
    std::uint64_t hits = 0;
    std::uint64_t objects = 0;  ///< distinct items hit
    int maxSeverity = 0;
};

struct HitOverview {
    std::array<std::uint64_t, kSeverityBands.size()> bySeverity{};  ///< indexed by SeverityBand (base/severity.h)
    std::uint64_t total = 0;
    std::vector<RuleHitCount> topRules;         ///< YARA and IOC rules, most hits first
    std::vector<RuleHitCount> topAnalyzers;     ///< rule sets "analyzer:*", per analyzer rule
};

class CaseOverview {
public:
    explicit CaseOverview(const CaseDb &db) : m_db(db) {}
    Result<HitOverview> hits(int topN = 10) const;
    /// The items hit by one rule (newest version of its set), most severe first.
    Result<std::vector<ObjectId>> objectsHitBy(const std::string &ruleSet, const std::string &ruleId,
                                               int limit = 1000) const;

private:
    const CaseDb &m_db;
};

}  // namespace harrier::casestore
