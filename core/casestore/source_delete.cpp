#include "casestore/source_delete.h"

#include <string>

#include "casestore/case_db.h"
#include "casestore/sqlite_util.h"

namespace harrier::casestore {

namespace {

/// Runs one statement bound to the source id; returns the rows it changed.
Result<std::uint64_t> run(sqlite3 *db, const char *sql, ObjectId sourceId, const char *what) {
    Statement st(db, sql);
    st.bind(1, sourceId);
    if (!st.exec())
        return sqliteError(db, std::string("cannot delete ") + what);
    return static_cast<std::uint64_t>(sqlite3_changes(db));
}

}  // namespace

Result<SourceDeletion> deleteSource(CaseDb &caseDb, ObjectId sourceId) {
    if (caseDb.readOnly())
        return makeError(ErrorCode::ReadOnly, "the case is open read-only");
    sqlite3 *db = caseDb.handle();
    {
        Statement chk(db, "SELECT 1 FROM sources WHERE id = ?");
        chk.bind(1, sourceId);
        if (!chk.step())
            return makeError(ErrorCode::NotFound, "no evidence source " + std::to_string(sourceId));
    }
    Transaction tx(db);
    if (!tx.began())
        return sqliteError(db, "cannot begin deleting a source");
    // Temp tables pin the subtree once, so every later statement is an indexed
    // lookup instead of re-walking objects; nested items all carry source_id.
    if (auto r = execSql(db, "DROP TABLE IF EXISTS temp.del_objects; DROP TABLE IF EXISTS temp.del_events; "
                             "DROP TABLE IF EXISTS temp.del_blobs; "
                             "CREATE TEMP TABLE del_objects(id INTEGER PRIMARY KEY); "
                             "CREATE TEMP TABLE del_events(id INTEGER PRIMARY KEY); "
                             "CREATE TEMP TABLE del_blobs(sha256 TEXT PRIMARY KEY)");
        !r)
        return r.error();
    SourceDeletion out;
    struct Step {
        const char *sql;
        const char *what;
        std::uint64_t *count;
    };
    const Step steps[] = {
        {"INSERT INTO del_objects(id) SELECT id FROM objects WHERE source_id = ?1 OR id = ?1", "objects", nullptr},
        {"INSERT INTO del_events(id) SELECT id FROM events WHERE source_id = ?1 "
         "OR object_id IN (SELECT id FROM del_objects)", "events", nullptr},
        {"INSERT OR IGNORE INTO del_blobs(sha256) SELECT blob_sha256 FROM objects "
         "WHERE id IN (SELECT id FROM del_objects) AND blob_sha256 IS NOT NULL", "blobs", nullptr},
        {"DELETE FROM hits WHERE object_id IN (SELECT id FROM del_objects) "
         "OR event_id IN (SELECT id FROM del_events)", "hits", &out.hits},
        {"DELETE FROM annotations WHERE (target_kind = 'object' AND target_id IN (SELECT id FROM del_objects)) "
         "OR (target_kind = 'event' AND target_id IN (SELECT id FROM del_events))", "annotations", &out.annotations},
        {"DELETE FROM events WHERE id IN (SELECT id FROM del_events)", "events", &out.events},
        {"DELETE FROM object_observables WHERE object_id IN (SELECT id FROM del_objects)", "observable links",
         nullptr},
        {"DELETE FROM observables WHERE NOT EXISTS (SELECT 1 FROM object_observables oo "
         "WHERE oo.observable_id = observables.id)", "observables", nullptr},
        {"DELETE FROM attributes WHERE object_id IN (SELECT id FROM del_objects)", "attributes", nullptr},
        {"DELETE FROM reconciliation WHERE object_id IN (SELECT id FROM del_objects)", "reconciliation", nullptr},
        {"DELETE FROM ingest_errors WHERE source_id = ?1 OR container_id IN (SELECT id FROM del_objects)",
         "ingest errors", nullptr},
        {"DELETE FROM sources WHERE id = ?1", "source", nullptr},
        // One statement: SQLite checks the parent_id foreign key at its end,
        // when the whole subtree is gone, so the order inside does not matter.
        {"DELETE FROM objects WHERE id IN (SELECT id FROM del_objects)", "objects", &out.objects},
        {"DELETE FROM blobs WHERE sha256 IN (SELECT sha256 FROM del_blobs) AND NOT EXISTS "
         "(SELECT 1 FROM objects o WHERE o.blob_sha256 = blobs.sha256)", "blobs", &out.blobs},
    };
    for (const auto &s : steps) {
        auto n = run(db, s.sql, sourceId, s.what);
        if (!n)
            return n.error();
        if (s.count)
            *s.count = *n;
    }
    if (auto r = execSql(db, "DROP TABLE temp.del_objects; DROP TABLE temp.del_events; DROP TABLE temp.del_blobs");
        !r)
        return r.error();
    if (auto r = tx.commit(); !r)
        return r.error();
    (void)caseDb.audit("source.delete", "source " + std::to_string(sourceId) + ": " + std::to_string(out.objects) +
                                            " objects, " + std::to_string(out.events) + " events removed");
    return out;
}

}  // namespace harrier::casestore
