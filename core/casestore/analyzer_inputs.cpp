#include "casestore/analyzer_inputs.h"

#include <map>

#include <sqlite3.h>

#include "casestore/case_db.h"
#include "casestore/object_row.h"
#include "casestore/sqlite_util.h"

namespace harrier::casestore {

namespace {

constexpr const char *kColumns =
    "o.id, o.parent_id, o.source_id, o.kind, o.name, o.path, o.size, o.md5, o.sha1, o.sha256, o.blob_sha256, "
    "o.mime_type, o.file_type";

// The names as a JSON array bound to one parameter: one statement whatever
// the number of names, and json_each keeps it portable to PostgreSQL's jsonb.
std::string namesJson(const std::vector<std::string> &names) {
    std::string j = "[";
    for (const auto &n : names) {
        if (j.size() > 1)
            j += ',';
        j += '"';
        for (char c : n)
            if (c != '"' && c != '\\')
                j += c;
        j += '"';
    }
    return j + "]";
}

Attribute readAttribute(const Statement &st, int first) {
    Attribute a;
    a.name = st.text(first);
    a.type = static_cast<AttributeType>(st.int64(first + 1));
    a.text = st.text(first + 2);
    a.integer = st.optionalInt(first + 3).value_or(0);
    return a;
}

}  // namespace

Result<void> AnalyzerInputs::forEachObjectOfKind(const std::string &kind, const std::vector<std::string> &attributeNames,
                                                 const std::function<void(ObjectRecord &&)> &fn) const {
    sqlite3 *db = m_db.handle();
    // Objects and their wanted attributes in one ordered pass (LEFT JOIN keeps
    // objects that have none of them).
    Statement st(db, std::string("SELECT ") + kColumns + R"SQL(, a.name, a.type, a.text_value, a.int_value
        FROM objects o LEFT JOIN attributes a
          ON a.object_id = o.id AND a.name IN (SELECT value FROM json_each(?2))
        WHERE o.kind = ?1 ORDER BY o.id)SQL");
    st.bind(1, kind).bind(2, namesJson(attributeNames));
    ObjectRecord current;
    bool have = false;
    while (st.step()) {
        const ObjectId id = st.int64(0);
        if (!have || current.id != id) {
            if (have)
                fn(std::move(current));
            current = readObject(st);
            have = true;
        }
        if (!st.isNull(13))
            current.attributes.push_back(readAttribute(st, 13));
    }
    if (st.failed())
        return sqliteError(db, "cannot list " + kind + " objects");
    if (have)
        fn(std::move(current));
    return {};
}

Result<std::vector<AttachmentNode>> AnalyzerInputs::attachmentTrees(const std::vector<std::string> &attributeNames) const {
    sqlite3 *db = m_db.handle();
    Statement st(db, std::string(R"SQL(
        WITH RECURSIVE t(id, email_id, attachment_id, depth) AS (
            SELECT a.id, a.parent_id, a.id, 0 FROM objects a JOIN objects e ON e.id = a.parent_id
            WHERE a.kind = 'attachment' AND e.kind = 'email'
            UNION ALL
            SELECT c.id, t.email_id, t.attachment_id, t.depth + 1 FROM objects c JOIN t ON c.parent_id = t.id
            WHERE c.kind <> 'email' AND t.depth < 32)
        SELECT )SQL") + kColumns + R"SQL(, t.email_id, t.attachment_id, t.depth
        FROM t JOIN objects o ON o.id = t.id ORDER BY t.email_id, o.id)SQL");
    std::vector<AttachmentNode> out;
    std::map<ObjectId, std::size_t> index;
    while (st.step()) {
        AttachmentNode n;
        n.object = readObject(st);
        n.emailId = st.int64(13);
        n.attachmentId = st.int64(14);
        n.depth = static_cast<int>(st.int64(15));
        index[n.object.id] = out.size();
        out.push_back(std::move(n));
    }
    if (st.failed())
        return sqliteError(db, "cannot list attachments");
    Statement attrs(db, R"SQL(
        SELECT object_id, name, type, text_value, int_value FROM attributes
        WHERE object_id = ? AND name IN (SELECT value FROM json_each(?)))SQL");
    const std::string names = namesJson(attributeNames);
    for (auto &n : out) {
        attrs.reset();
        attrs.bind(1, n.object.id).bind(2, names);
        while (attrs.step())
            n.object.attributes.push_back(readAttribute(attrs, 1));
        if (attrs.failed())
            return sqliteError(db, "cannot read attachment attributes");
    }
    return out;
}

Result<void> AnalyzerInputs::forEachWebRequest(const std::function<void(const WebRequestEvent &)> &fn) const {
    sqlite3 *db = m_db.handle();
    Statement st(db, R"SQL(
        SELECT e.id, coalesce(e.object_id, 0), e.time_us, t.value, coalesce(h.value, ''), m.text
        FROM events e JOIN terms t ON t.id = e.type_id
        LEFT JOIN terms h ON h.id = e.host_id
        JOIN event_messages m ON m.id = e.message_id
        WHERE e.type_id IN (SELECT id FROM terms WHERE value IN ('log:iis', 'log:apache'))
        ORDER BY e.time_us, e.id)SQL");
    while (st.step()) {
        WebRequestEvent w;
        w.id = st.int64(0);
        w.objectId = st.int64(1);
        w.time = UtcTime{st.int64(2)};
        w.eventType = st.text(3);
        w.host = st.text(4);
        w.message = st.text(5);
        fn(w);
    }
    if (st.failed())
        return sqliteError(db, "cannot list web requests");
    return {};
}

}  // namespace harrier::casestore
