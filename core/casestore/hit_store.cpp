#include "casestore/hit_store.h"

#include "base/uuid.h"
#include "casestore/case_db.h"
#include "casestore/sqlite_util.h"

namespace harrier::casestore {

Result<void> HitStore::replace(const std::string &ruleSet, const std::string &ruleSetHash,
                               std::vector<HitRecord> hits) {
    if (m_db.readOnly())
        return makeError(ErrorCode::ReadOnly, "the case is open read-only");
    sqlite3 *db = m_db.handle();
    Transaction tx(db);
    if (!tx.began())
        return sqliteError(db, "cannot begin writing hits");
    Statement del(db, "DELETE FROM hits WHERE rule_set = ? AND rule_set_hash = ?");
    del.bind(1, ruleSet).bind(2, ruleSetHash);
    if (!del.exec())
        return sqliteError(db, "cannot remove earlier hits");
    Statement ins(db, "INSERT INTO hits(uuid, object_id, event_id, rule_id, rule_set, rule_set_hash, severity, "
                      "explanation, details_json, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
    const UtcTime now = UtcTime::now();
    for (auto &h : hits) {
        if (h.uuid.empty())
            h.uuid = newUuid();
        ins.reset();
        ins.bind(1, h.uuid)
            .bindOptional(2, h.objectId)
            .bindOptional(3, h.eventId)
            .bind(4, h.ruleId)
            .bind(5, ruleSet)
            .bind(6, ruleSetHash)
            .bind(7, h.severity)
            .bind(8, h.explanation)
            .bindOptional(9, h.detailsJson)
            .bind(10, h.createdAt.micros ? h.createdAt.micros : now.micros);
        if (!ins.exec())
            return sqliteError(db, "cannot store hit " + h.ruleId);
    }
    return tx.commit();
}

Result<std::vector<RuleSetVersion>> HitStore::versions() const {
    sqlite3 *db = m_db.handle();
    Statement st(db, R"SQL(
        SELECT rule_set, rule_set_hash, count(*), max(created_at) FROM hits
        GROUP BY rule_set, rule_set_hash ORDER BY rule_set, max(created_at) DESC)SQL");
    std::vector<RuleSetVersion> out;
    while (st.step()) {
        RuleSetVersion v;
        v.ruleSet = st.text(0);
        v.ruleSetHash = st.text(1);
        v.hits = static_cast<std::uint64_t>(st.int64(2));
        v.lastRun = UtcTime{st.int64(3)};
        v.latest = out.empty() || out.back().ruleSet != v.ruleSet;
        out.push_back(std::move(v));
    }
    if (st.failed())
        return sqliteError(db, "cannot list rule set versions");
    return out;
}

Result<std::vector<HitRecord>> HitStore::list(const HitFilter &filter) const {
    sqlite3 *db = m_db.handle();
    std::vector<std::pair<std::string, std::string>> wanted;  // (rule set, hash) pairs to show
    if (filter.latestOnly && filter.ruleSetHash.empty()) {
        auto v = versions();
        if (!v)
            return v.error();
        for (const auto &x : *v)
            if (x.latest && (filter.ruleSet.empty() || x.ruleSet == filter.ruleSet))
                wanted.emplace_back(x.ruleSet, x.ruleSetHash);
    }
    std::string sql = "SELECT uuid, coalesce(object_id, 0), coalesce(event_id, 0), rule_id, rule_set, rule_set_hash, "
                      "severity, explanation, coalesce(details_json, ''), created_at FROM hits "
                      "WHERE (?1 = '' OR rule_set = ?1) AND (?2 = '' OR rule_set_hash = ?2) "
                      "ORDER BY rule_set, object_id, rule_id";
    Statement st(db, sql);
    st.bind(1, filter.ruleSet).bind(2, filter.ruleSetHash);
    std::vector<HitRecord> out;
    while (st.step()) {
        HitRecord h;
        h.uuid = st.text(0);
        h.objectId = st.int64(1);
        h.eventId = st.int64(2);
        h.ruleId = st.text(3);
        h.ruleSet = st.text(4);
        h.ruleSetHash = st.text(5);
        if (filter.latestOnly && filter.ruleSetHash.empty()) {
            bool keep = false;
            for (const auto &[rs, hash] : wanted)
                keep = keep || (rs == h.ruleSet && hash == h.ruleSetHash);
            if (!keep)
                continue;
        }
        h.severity = static_cast<int>(st.int64(6));
        h.explanation = st.text(7);
        h.detailsJson = st.text(8);
        h.createdAt = UtcTime{st.int64(9)};
        out.push_back(std::move(h));
    }
    if (st.failed())
        return sqliteError(db, "cannot list hits");
    return out;
}

}  // namespace harrier::casestore
