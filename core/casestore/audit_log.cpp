#include "casestore/audit_log.h"

#include <algorithm>

#include "casestore/case_db.h"
#include "casestore/sqlite_util.h"

namespace harrier::casestore {

Result<std::vector<AuditEntry>> AuditLog::list(const std::string &actionPrefix) const {
    sqlite3 *db = m_db.handle();
    // substr instead of LIKE: action names contain '_' and '.', which LIKE would treat specially.
    Statement st(db, "SELECT uuid, at, analyst, action, coalesce(details, '') FROM audit_log "
                     "WHERE substr(action, 1, length(?1)) = ?1 ORDER BY at, uuid");
    st.bind(1, actionPrefix);
    std::vector<AuditEntry> out;
    while (st.step())
        out.push_back({st.text(0), UtcTime{st.int64(1)}, st.text(2), st.text(3), st.text(4)});
    if (st.failed())
        return sqliteError(db, "cannot read the audit log");
    return out;
}

Result<std::vector<std::string>> AuditLog::analysts() const {
    sqlite3 *db = m_db.handle();
    std::vector<std::string> out;
    if (!m_db.info().createdBy.empty())
        out.push_back(m_db.info().createdBy);
    Statement st(db, "SELECT analyst FROM audit_log GROUP BY analyst ORDER BY min(at)");
    while (st.step()) {
        std::string a = st.text(0);
        if (!a.empty() && std::find(out.begin(), out.end(), a) == out.end())
            out.push_back(std::move(a));
    }
    if (st.failed())
        return sqliteError(db, "cannot read the audit log");
    return out;
}

Result<std::optional<UtcTime>> AuditLog::lastActivity() const {
    sqlite3 *db = m_db.handle();
    Statement st(db, "SELECT max(at) FROM audit_log");
    if (!st.step())
        return st.failed() ? Result<std::optional<UtcTime>>(sqliteError(db, "cannot read the audit log"))
                           : Result<std::optional<UtcTime>>(std::optional<UtcTime>{});
    if (auto v = st.optionalInt(0))
        return std::optional<UtcTime>(UtcTime{*v});
    return std::optional<UtcTime>{};
}

Result<bool> AuditLog::isAnalystOfCase(const std::string &analyst) const {
    if (analyst.empty())
        return false;
    if (m_db.info().createdBy == analyst)
        return true;
    Statement st(m_db.handle(), "SELECT 1 FROM audit_log WHERE analyst = ? LIMIT 1");
    st.bind(1, analyst);
    const bool found = st.step();
    if (st.failed())
        return sqliteError(m_db.handle(), "cannot read the audit log");
    return found;
}

}  // namespace harrier::casestore
