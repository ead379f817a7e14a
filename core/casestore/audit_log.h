#pragma once
/// The case's audit log (analyst actions) as values, and the question
/// "is this case yours?" that decides whether it opens read-write by default.

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/utc_time.h"

namespace harrier::casestore {

class CaseDb;

struct AuditEntry {
    std::string uuid;
    UtcTime at;
    std::string analyst;
    std::string action;
    std::string details;
};

class AuditLog {
public:
    explicit AuditLog(const CaseDb &db) : m_db(db) {}

    /// Entries whose action starts with actionPrefix (all when empty), oldest first.
    Result<std::vector<AuditEntry>> list(const std::string &actionPrefix = {}) const;
    /// Everyone who worked on the case: its creator, then audit-log analysts
    /// in order of first appearance.
    Result<std::vector<std::string>> analysts() const;
    /// Time of the most recent audited action (the case's "last updated").
    Result<std::optional<UtcTime>> lastActivity() const;
    /// A case is yours when you created it or any audited action is yours:
    /// a colleague's case opens read-only unless you insist.
    Result<bool> isAnalystOfCase(const std::string &analyst) const;

private:
    const CaseDb &m_db;
};

}  // namespace harrier::casestore
