#include "casestore/object_query.h"

#include <sqlite3.h>

#include "casestore/case_db.h"
#include "casestore/sqlite_util.h"

namespace harrier::casestore {

Result<std::vector<EmailSummary>> ObjectQuery::emails(ObjectId sourceId) const {
    sqlite3 *db = m_db.handle();
    // One pass over the email objects; their few list attributes by subquery
    // (attributes_object index), so the attribute table is never scanned.
    Statement st(db, R"SQL(
        SELECT o.id, o.parent_id, o.source_id, coalesce(s.display_name, ''), o.path,
               (SELECT int_value FROM attributes a WHERE a.object_id = o.id AND a.name = 'date' LIMIT 1),
               (SELECT text_value FROM attributes a WHERE a.object_id = o.id AND a.name = 'date_original' LIMIT 1),
               (SELECT text_value FROM attributes a WHERE a.object_id = o.id AND a.name = 'from_display' LIMIT 1),
               (SELECT text_value FROM attributes a WHERE a.object_id = o.id AND a.name = 'subject' LIMIT 1),
               (SELECT int_value FROM attributes a WHERE a.object_id = o.id AND a.name = 'attachment_count' LIMIT 1),
               (SELECT kind FROM objects p WHERE p.id = o.parent_id)
        FROM objects o LEFT JOIN sources s ON s.id = o.source_id
        WHERE o.kind = 'email' AND (? = 0 OR o.source_id = ?)
        ORDER BY 6 IS NULL, 6, o.id)SQL");
    st.bind(1, sourceId).bind(2, sourceId);
    std::vector<EmailSummary> out;
    while (st.step()) {
        EmailSummary e;
        e.id = st.int64(0);
        e.parentId = st.optionalInt(1).value_or(0);
        e.sourceId = st.optionalInt(2).value_or(0);
        e.sourceName = st.text(3);
        e.path = st.text(4);
        if (auto t = st.optionalInt(5))
            e.date = UtcTime{*t};
        e.dateOriginal = st.text(6);
        e.from = st.text(7);
        e.subject = st.text(8);
        e.attachmentCount = st.optionalInt(9).value_or(0);
        e.nested = st.textView(10) == "email";
        out.push_back(std::move(e));
    }
    if (st.failed())
        return sqliteError(db, "cannot list emails");
    return out;
}

Result<std::vector<ObjectEvent>> ObjectQuery::events(ObjectId objectId) const {
    sqlite3 *db = m_db.handle();
    Statement st(db, R"SQL(
        SELECT e.id, e.time_us, d.value, t.value, m.text FROM events e
        JOIN terms d ON d.id = e.desc_id JOIN terms t ON t.id = e.type_id
        JOIN event_messages m ON m.id = e.message_id
        WHERE e.object_id = ? ORDER BY e.time_us, e.id)SQL");
    st.bind(1, objectId);
    std::vector<ObjectEvent> out;
    while (st.step())
        out.push_back({st.int64(0), UtcTime{st.int64(1)}, st.text(2), st.text(3), st.text(4)});
    if (st.failed())
        return sqliteError(db, "cannot list the object's events");
    return out;
}

Result<std::vector<ObjectObservable>> ObjectQuery::observables(ObjectId objectId) const {
    sqlite3 *db = m_db.handle();
    Statement st(db, R"SQL(
        SELECT o.kind, o.value, oo.context FROM object_observables oo
        JOIN observables o ON o.id = oo.observable_id
        WHERE oo.object_id = ? ORDER BY o.kind, o.value, oo.context)SQL");
    st.bind(1, objectId);
    std::vector<ObjectObservable> out;
    while (st.step())
        out.push_back({st.text(0), st.text(1), st.text(2)});
    if (st.failed())
        return sqliteError(db, "cannot list the object's observables");
    return out;
}

}  // namespace harrier::casestore
