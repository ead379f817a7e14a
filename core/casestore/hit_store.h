#pragma once
/// Rule hits (YARA, IOC, analyzers) in the case's `hits` table. A rule set is
/// identified by name and by the hash of its content: hits from different
/// versions of a pack are stored side by side and never mixed silently.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/utc_time.h"
#include "casestore/records.h"

namespace harrier::casestore {

class CaseDb;

struct HitRecord {
    std::string uuid;  ///< filled by insert() when empty
    ObjectId objectId = 0;
    EventId eventId = 0;
    std::string ruleId;       ///< "namespace:rule", "ioc:<feed>:<indicator>", analyzer id
    std::string ruleSet;      ///< "yara", "ioc", "analyzer:<id>"
    std::string ruleSetHash;  ///< SHA-256 of the rule sources
    int severity = 0;         ///< 0..100
    std::string explanation;
    std::string detailsJson;
    UtcTime createdAt;
};

/// One version of a rule set present in the case.
struct RuleSetVersion {
    std::string ruleSet;
    std::string ruleSetHash;
    std::uint64_t hits = 0;
    UtcTime lastRun;
    bool latest = false;  ///< the most recently stored version of its rule set
};

struct HitFilter {
    std::string ruleSet;      ///< empty: all
    std::string ruleSetHash;  ///< empty: all versions
    bool latestOnly = true;   ///< only the newest version of each rule set
};

class HitStore {
public:
    explicit HitStore(CaseDb &db) : m_db(db) {}

    /// Replaces the hits of (ruleSet, ruleSetHash) with these, in one
    /// transaction: re-running the same pack does not duplicate its hits,
    /// other versions are untouched.
    Result<void> replace(const std::string &ruleSet, const std::string &ruleSetHash, std::vector<HitRecord> hits);
    Result<std::vector<HitRecord>> list(const HitFilter &filter = {}) const;
    Result<std::vector<RuleSetVersion>> versions() const;

private:
    CaseDb &m_db;
};

}  // namespace harrier::casestore
