#include "casestore/email_thread_query.h"

#include <sqlite3.h>

#include "casestore/case_db.h"
#include "casestore/sqlite_util.h"

namespace harrier::casestore {

namespace {
constexpr const char *kColumns = R"SQL(
    SELECT o.id,
        (SELECT text_value FROM attributes a WHERE a.object_id = o.id AND a.name = 'message_id' LIMIT 1),
        (SELECT text_value FROM attributes a WHERE a.object_id = o.id AND a.name = 'subject' LIMIT 1),
        (SELECT text_value FROM attributes a WHERE a.object_id = o.id AND a.name = 'from_display' LIMIT 1),
        (SELECT int_value FROM attributes a WHERE a.object_id = o.id AND a.name = 'date' LIMIT 1)
    FROM objects o WHERE o.kind = 'email' AND o.id IN )SQL";

Result<std::vector<ThreadEmail>> run(sqlite3 *db, Statement &st, bool reply) {
    std::vector<ThreadEmail> out;
    while (st.step()) {
        ThreadEmail e;
        e.id = st.int64(0);
        e.messageId = st.text(1);
        e.subject = st.text(2);
        e.from = st.text(3);
        if (auto t = st.optionalInt(4))
            e.date = UtcTime{*t};
        e.reply = reply;
        out.push_back(std::move(e));
    }
    if (st.failed())
        return sqliteError(db, "cannot read the email thread");
    return out;
}
}  // namespace

Result<std::vector<ThreadEmail>> EmailThreadQuery::byMessageIds(const std::vector<std::string> &ids) const {
    if (ids.empty())
        return std::vector<ThreadEmail>{};
    sqlite3 *db = m_db.handle();
    std::string in;
    for (std::size_t i = 0; i < ids.size(); ++i)
        in += i ? ",?" : "?";
    Statement st(db, std::string(kColumns) +
                         "(SELECT object_id FROM attributes WHERE name = 'message_id' AND text_value IN (" + in +
                         ")) ORDER BY 5 IS NULL, 5, o.id");
    if (!st.valid())
        return makeError(ErrorCode::Database, st.prepareError());
    for (std::size_t i = 0; i < ids.size(); ++i)
        st.bind(static_cast<int>(i) + 1, ids[i]);
    return run(db, st, false);
}

Result<std::vector<ThreadEmail>> EmailThreadQuery::replies(const std::string &messageId) const {
    if (messageId.empty())
        return std::vector<ThreadEmail>{};
    sqlite3 *db = m_db.handle();
    // References are stored as a JSON array of ids: look for the quoted id.
    Statement st(db, std::string(kColumns) +
                         "(SELECT object_id FROM attributes WHERE (name = 'in_reply_to' AND text_value = ?1) OR "
                         "(name = 'references' AND instr(text_value, ?2) > 0)) ORDER BY 5 IS NULL, 5, o.id");
    st.bind(1, messageId).bind(2, "\"" + messageId + "\"");
    return run(db, st, true);
}

}  // namespace harrier::casestore
