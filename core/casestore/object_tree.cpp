#include "casestore/object_tree.h"

#include "casestore/case_db.h"
#include "casestore/case_reader.h"
#include "casestore/sqlite_util.h"

namespace harrier::casestore {

namespace {

// A child's path relative to its container: archive entries are stored as
// "<archive path>!/<entry>", files of a folder source relative to the folder
// (the source's own path is ""), anything else (attachments, messages) is a
// leaf named by its name. Slashes in such names must not invent folders.
constexpr const char *kRelPath = R"SQL(
CASE WHEN ?2 <> '' AND substr(o.path, 1, length(?2) + 2) = ?2 || '!/' THEN substr(o.path, length(?2) + 3)
     WHEN ?2 <> '' AND substr(o.path, 1, length(?2) + 1) = ?2 || '/' THEN substr(o.path, length(?2) + 2)
     WHEN ?2 = '' AND ?3 = 'source' THEN o.path
     ELSE replace(o.name, '/', '_') END)SQL";

struct Container {
    std::string path;
    std::string kind;
};

Result<Container> containerOf(sqlite3 *db, ObjectId id) {
    Statement st(db, "SELECT path, kind FROM objects WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
        return st.failed() ? sqliteError(db, "cannot read object") : makeError(ErrorCode::NotFound, "no object");
    return Container{st.text(0), st.text(1)};
}

std::string folderPrefix(const std::string &folder) { return folder.empty() ? std::string() : folder + "/"; }

}  // namespace

Result<std::vector<TreeFolder>> ObjectTree::folders(ObjectId container, const std::string &folder) const {
    sqlite3 *db = m_db.handle();
    auto c = containerOf(db, container);
    if (!c)
        return c.error();
    const std::string prefix = folderPrefix(folder);
    // rest = what follows the folder prefix; a '/' in it means a subfolder.
    const std::string sql = std::string("SELECT substr(rest, 1, instr(rest, '/') - 1) AS seg, count(*) FROM ("
                                        "  SELECT substr(rel, length(?4) + 1) AS rest FROM ("
                                        "    SELECT ") +
                            kRelPath +
                            " AS rel FROM objects o WHERE o.parent_id = ?1)"
                            "  WHERE substr(rel, 1, length(?4)) = ?4)"
                            " WHERE instr(rest, '/') > 1 GROUP BY seg ORDER BY seg";
    Statement st(db, sql);
    st.bind(1, container).bind(2, c->path).bind(3, c->kind).bind(4, prefix);
    std::vector<TreeFolder> out;
    while (st.step())
        out.push_back({st.text(0), static_cast<std::uint64_t>(st.int64(1))});
    if (st.failed())
        return sqliteError(db, "cannot list folders");
    return out;
}

Result<std::vector<TreeItem>> ObjectTree::items(ObjectId container, const std::string &folder, ObjectId afterId,
                                                int limit) const {
    sqlite3 *db = m_db.handle();
    auto c = containerOf(db, container);
    if (!c)
        return c.error();
    const std::string prefix = folderPrefix(folder);
    const std::string sql =
        std::string("SELECT id, kind, name, size, has_children, sev FROM ("
                    "  SELECT o.id, o.kind, o.name, coalesce(o.size, -1) AS size, ") +
        kRelPath +
        " AS rel,"
        "   EXISTS (SELECT 1 FROM objects c WHERE c.parent_id = o.id) AS has_children,"
        "   coalesce((SELECT max(h.severity) FROM hits h WHERE h.object_id = o.id), -1) AS sev"
        "  FROM objects o WHERE o.parent_id = ?1 AND o.id > ?5 ORDER BY o.id)"
        " WHERE substr(rel, 1, length(?4)) = ?4 AND instr(substr(rel, length(?4) + 1), '/') = 0 LIMIT ?6";
    Statement st(db, sql);
    st.bind(1, container).bind(2, c->path).bind(3, c->kind).bind(4, prefix).bind(5, afterId).bind(6, limit);
    std::vector<TreeItem> out;
    while (st.step()) {
        TreeItem t;
        t.id = st.int64(0);
        t.kind = st.text(1);
        t.name = st.text(2);
        t.size = st.int64(3);
        t.hasChildren = st.int64(4) != 0;
        t.maxSeverity = static_cast<int>(st.int64(5));
        out.push_back(std::move(t));
    }
    if (st.failed())
        return sqliteError(db, "cannot list items");
    return out;
}

Result<std::vector<ObjectRecord>> ObjectTree::ancestry(ObjectId id) const {
    CaseReader reader(m_db);
    std::vector<ObjectRecord> chain;
    // Bounded: a corrupt case with a parent cycle must not hang the GUI.
    for (int guard = 0; id != 0 && guard < 256; ++guard) {
        auto o = reader.object(id);
        if (!o)
            return o.error();
        id = o->parentId;
        chain.insert(chain.begin(), std::move(*o));
    }
    return chain;
}

}  // namespace harrier::casestore
