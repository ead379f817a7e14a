#include "casestore/case_overview.h"

#include "casestore/case_db.h"
#include "casestore/sqlite_util.h"

namespace harrier::casestore {

namespace {

// Hits of the newest version of each rule set only: an older pack's hits
// stay in the case for comparison but must not be counted twice.
constexpr const char *kLatestHits = R"SQL(
WITH versions AS (SELECT rule_set, rule_set_hash, max(created_at) AS last FROM hits GROUP BY rule_set, rule_set_hash),
latest AS (SELECT v.rule_set, v.rule_set_hash FROM versions v
           WHERE v.last = (SELECT max(w.last) FROM versions w WHERE w.rule_set = v.rule_set)),
lh AS (SELECT h.* FROM hits h JOIN latest l ON h.rule_set = l.rule_set AND h.rule_set_hash = l.rule_set_hash)
)SQL";

}  // namespace

Result<HitOverview> CaseOverview::hits(int topN) const {
    sqlite3 *db = m_db.handle();
    HitOverview out;
    {
        Statement st(db, std::string(kLatestHits) + "SELECT severity, count(*) FROM lh GROUP BY severity");
        while (st.step()) {
            const auto n = static_cast<std::uint64_t>(st.int64(1));
            out.bySeverity[static_cast<std::size_t>(severityBand(static_cast<int>(st.int64(0))))] += n;
            out.total += n;
        }
        if (st.failed())
            return sqliteError(db, "cannot count hits by severity");
    }
    const auto top = [&](bool analyzers, std::vector<RuleHitCount> &into) -> Result<void> {
        Statement st(db, std::string(kLatestHits) +
                             "SELECT rule_set, rule_id, count(*), count(DISTINCT object_id), max(severity) FROM lh "
                             "WHERE (rule_set LIKE 'analyzer:%') = ?1 GROUP BY rule_set, rule_id "
                             "ORDER BY count(*) DESC, max(severity) DESC, rule_id LIMIT ?2");
        st.bind(1, analyzers ? 1 : 0).bind(2, topN);
        while (st.step())
            into.push_back({st.text(0), st.text(1), static_cast<std::uint64_t>(st.int64(2)),
                            static_cast<std::uint64_t>(st.int64(3)), static_cast<int>(st.int64(4))});
        if (st.failed())
            return sqliteError(db, "cannot rank rules");
        return {};
    };
    if (auto r = top(false, out.topRules); !r)
        return r.error();
    if (auto r = top(true, out.topAnalyzers); !r)
        return r.error();
    return out;
}

Result<std::vector<ObjectId>> CaseOverview::objectsHitBy(const std::string &ruleSet, const std::string &ruleId,
                                                         int limit) const {
    sqlite3 *db = m_db.handle();
    Statement st(db, std::string(kLatestHits) +
                         "SELECT object_id FROM lh WHERE rule_set = ?1 AND rule_id = ?2 AND object_id IS NOT NULL "
                         "GROUP BY object_id ORDER BY max(severity) DESC, object_id LIMIT ?3");
    st.bind(1, ruleSet).bind(2, ruleId).bind(3, limit);
    std::vector<ObjectId> out;
    while (st.step())
        out.push_back(st.int64(0));
    if (st.failed())
        return sqliteError(db, "cannot list items hit by a rule");
    return out;
}

}  // namespace harrier::casestore
