#include "casestore/case_export.h"

#include <sqlite3.h>

#include <filesystem>

#include "base/hashing.h"
#include "base/uuid.h"
#include "casestore/case_db.h"
#include "casestore/schema.h"
#include "casestore/sqlite_util.h"

namespace harrier::casestore {

namespace fs = std::filesystem;

namespace {

// Pruning for --only-tagged, on the copy. Foreign keys are checked once at
// the end (PRAGMA foreign_key_check) instead of per deleted row: some child
// columns (ingest_errors.container_id) have no index, and per-row checks
// would make a large case quadratic.
constexpr const char *kPruneToTagged = R"SQL(
CREATE TEMP TABLE keep_item(id INTEGER PRIMARY KEY);
CREATE TEMP TABLE keep_obj(id INTEGER PRIMARY KEY);
CREATE TEMP TABLE keep_event(id INTEGER PRIMARY KEY);

-- The marked items and everything inside them (an email's attachments, an
-- archive's entries), but not the whole of a marked source or folder.
WITH RECURSIVE d(id) AS (
    SELECT a.target_id FROM annotations a JOIN objects o ON o.id = a.target_id
     WHERE a.target_kind = 'object' AND o.kind NOT IN ('source', 'directory')
    UNION SELECT o.id FROM objects o JOIN d ON o.parent_id = d.id)
INSERT OR IGNORE INTO keep_item SELECT id FROM d;
INSERT OR IGNORE INTO keep_item
  SELECT target_id FROM annotations WHERE target_kind = 'object' AND target_id IN (SELECT id FROM objects);

INSERT OR IGNORE INTO keep_event
  SELECT target_id FROM annotations WHERE target_kind = 'event' AND target_id IN (SELECT id FROM events);
INSERT OR IGNORE INTO keep_event SELECT id FROM events WHERE object_id IN (SELECT id FROM keep_item);
INSERT OR IGNORE INTO keep_event
  SELECT event_id FROM hits WHERE event_id IS NOT NULL AND object_id IN (SELECT id FROM keep_item);

-- Provenance: ancestors up to the source of every kept item and event.
WITH RECURSIVE a(id) AS (
    SELECT id FROM keep_item
    UNION SELECT object_id FROM events WHERE id IN (SELECT id FROM keep_event) AND object_id IS NOT NULL
    UNION SELECT source_id FROM events WHERE id IN (SELECT id FROM keep_event) AND source_id IS NOT NULL
    UNION SELECT o.parent_id FROM objects o JOIN a ON o.id = a.id WHERE o.parent_id IS NOT NULL
    UNION SELECT o.source_id FROM objects o JOIN a ON o.id = a.id WHERE o.source_id IS NOT NULL)
INSERT OR IGNORE INTO keep_obj SELECT id FROM a;

DELETE FROM hits WHERE NOT (
    ((object_id IS NOT NULL AND object_id IN (SELECT id FROM keep_item)) OR
     (event_id IS NOT NULL AND event_id IN (SELECT id FROM keep_event)))
    AND (object_id IS NULL OR object_id IN (SELECT id FROM keep_obj))
    AND (event_id IS NULL OR event_id IN (SELECT id FROM keep_event)));
DELETE FROM events WHERE id NOT IN (SELECT id FROM keep_event);
DELETE FROM object_observables WHERE object_id NOT IN (SELECT id FROM keep_obj);
DELETE FROM observables WHERE id NOT IN (SELECT observable_id FROM object_observables);
DELETE FROM attributes WHERE object_id NOT IN (SELECT id FROM keep_obj);
DELETE FROM reconciliation WHERE object_id NOT IN (SELECT id FROM keep_obj);
DELETE FROM ingest_errors
 WHERE (source_id IS NOT NULL AND source_id NOT IN (SELECT id FROM keep_obj))
    OR (container_id IS NOT NULL AND container_id NOT IN (SELECT id FROM keep_obj));
DELETE FROM annotations
 WHERE (target_kind = 'object' AND target_id NOT IN (SELECT id FROM keep_obj))
    OR (target_kind = 'event' AND target_id NOT IN (SELECT id FROM keep_event));
DELETE FROM sources WHERE id NOT IN (SELECT id FROM keep_obj);
DELETE FROM objects WHERE id NOT IN (SELECT id FROM keep_obj);
DELETE FROM blobs WHERE sha256 NOT IN (SELECT blob_sha256 FROM objects WHERE blob_sha256 IS NOT NULL);
DELETE FROM event_messages WHERE id NOT IN (SELECT message_id FROM events);
DELETE FROM terms WHERE id NOT IN (
    SELECT desc_id FROM events UNION SELECT type_id FROM events
    UNION SELECT host_id FROM events WHERE host_id IS NOT NULL
    UNION SELECT user_id FROM events WHERE user_id IS NOT NULL);
INSERT INTO message_fts(message_fts) VALUES ('rebuild');
UPDATE meta SET value = (SELECT coalesce(max(id), 0) FROM event_messages) WHERE key = 'fts_indexed_upto';
DROP TABLE keep_item;
DROP TABLE keep_obj;
DROP TABLE keep_event;
)SQL";

Result<void> setMetaValue(sqlite3 *db, const std::string &key, const std::string &value) {
    Statement st(db, "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    st.bind(1, key).bind(2, value);
    if (!st.exec())
        return sqliteError(db, "cannot write meta " + key);
    return {};
}

std::string metaValue(sqlite3 *db, const char *key) {
    Statement st(db, "SELECT value FROM meta WHERE key = ?");
    st.bind(1, key);
    return st.step() ? st.text(0) : std::string();
}

/// Closes a connection on every path out.
struct ConnectionGuard {
    sqlite3 *db = nullptr;
    ~ConnectionGuard() { sqlite3_close_v2(db); }
};

Result<void> pruneToTagged(sqlite3 *db) {
    if (auto r = execSql(db, "PRAGMA foreign_keys = OFF"); !r)
        return r;
    {
        Transaction tx(db);
        if (auto r = execSql(db, kPruneToTagged); !r)
            return makeError(ErrorCode::Database, "cannot reduce the export to tagged items: " + r.error().message);
        if (auto r = tx.commit(); !r)
            return r;
    }
    Statement fk(db, "PRAGMA foreign_key_check");
    if (fk.step())
        return makeError(ErrorCode::Internal, "the reduced export would have a dangling reference in table " +
                                                  fk.text(0) + "; nothing was written");
    return execSql(db, "PRAGMA foreign_keys = ON");
}

std::int64_t countRows(sqlite3 *db, const char *table) {
    return queryInt(db, std::string("SELECT count(*) FROM ") + table).value_or(0);
}

}  // namespace

Error missingBlobError(sqlite3 *db, const std::string &sha256) {
    if (metaValue(db, "content_included") == "0")
        return makeError(ErrorCode::NotFound, "content not included in this export (" + sha256 +
                                                  "): the case was exported with --without-content");
    return makeError(ErrorCode::NotFound, "no stored content for " + sha256);
}

Result<void> CaseExporter::snapshot(const std::string &casePath, const std::string &outPath) {
    std::error_code ec;
    if (fs::exists(outPath, ec))
        return makeError(ErrorCode::InvalidInput, "refusing to overwrite existing file " + outPath);
    auto src = openExtraConnection(casePath, true);
    if (!src)
        return src.error();
    ConnectionGuard srcGuard{*src};
    ConnectionGuard dst;
    if (sqlite3_open_v2(outPath.c_str(), &dst.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
        return sqliteError(dst.db, "cannot create " + outPath);
    sqlite3_busy_timeout(dst.db, 10000);
    sqlite3_backup *backup = sqlite3_backup_init(dst.db, "main", *src, "main");
    if (!backup)
        return sqliteError(dst.db, "cannot start a backup of " + casePath);
    // One step over all pages: the source is read inside a single read
    // transaction, so the copy is one consistent state even while a writer
    // commits (WAL readers never block it, nor it them).
    int rc = SQLITE_OK;
    for (int attempt = 0; attempt < 100; ++attempt) {
        rc = sqlite3_backup_step(backup, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            break;
        sqlite3_sleep(50);
    }
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE)
        return makeError(ErrorCode::Database,
                         "backup of " + casePath + " failed: " + sqlite3_errstr(rc));
    // A shared file must be complete on its own: no -wal beside it.
    return execSql(dst.db, "PRAGMA journal_mode = DELETE");
}

Result<ExportSummary> CaseExporter::exportCase(const std::string &casePath, const std::string &outPath,
                                               const ExportOptions &options) {
    std::error_code ec;
    if (fs::exists(outPath, ec))
        return makeError(ErrorCode::InvalidInput, "refusing to overwrite existing file " + outPath);
    // Build under a temporary name and rename at the end: a failed export
    // never leaves something that looks like a finished one.
    const std::string tmp = outPath + ".partial-" + newUuid();
    auto cleanup = [&] { fs::remove(tmp, ec); fs::remove(tmp + "-journal", ec); };
    if (auto r = snapshot(casePath, tmp); !r) {
        cleanup();
        return r.error();
    }
    ExportSummary summary;
    {
        ConnectionGuard db;
        if (sqlite3_open_v2(tmp.c_str(), &db.db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
            cleanup();
            return sqliteError(db.db, "cannot open the copy " + tmp);
        }
        auto fail = [&](const Error &e) {
            sqlite3_close_v2(db.db);
            db.db = nullptr;
            cleanup();
            return e;
        };
        if (readSchemaVersion(db.db).major == 0)
            return fail(makeError(ErrorCode::InvalidInput, casePath + " is not a Harrier case"));
        // A snapshot taken during a bulk load lacks the event indexes and
        // the newest full-text entries; the copy gets both.
        if (auto r = ensureBulkIndexes(db.db); !r)
            return fail(r.error());
        if (auto r = catchUpFullText(db.db); !r)
            return fail(r.error());
        if (options.onlyTagged)
            if (auto r = pruneToTagged(db.db); !r)
                return fail(r.error());
        if (options.withoutContent)
            if (auto r = execSql(db.db, "DELETE FROM blobs"); !r)
                return fail(r.error());
        const UtcTime now = UtcTime::now();
        for (const auto &[k, v] :
             {std::pair<std::string, std::string>{"content_included", options.withoutContent ? "0" : "1"},
              {"export_only_tagged", options.onlyTagged ? "1" : "0"},
              {"exported_by", options.exporter},
              {"exported_at", std::to_string(now.micros)}})
            if (auto r = setMetaValue(db.db, k, v); !r)
                return fail(r.error());
        Statement audit(db.db, "INSERT INTO audit_log(uuid, at, analyst, action, details) VALUES (?,?,?,?,?)");
        audit.bind(1, newUuid()).bind(2, now.micros).bind(3, options.exporter).bind(4, "case.export")
            .bind(5, std::string("from ") + casePath + (options.withoutContent ? ", without content" : "") +
                         (options.onlyTagged ? ", only tagged items" : ""));
        if (!audit.exec())
            return fail(sqliteError(db.db, "cannot write the export's audit entry"));
        if (auto r = execSql(db.db, "VACUUM"); !r)
            return fail(r.error());
        summary.objects = countRows(db.db, "objects");
        summary.events = countRows(db.db, "events");
        summary.annotations = countRows(db.db, "annotations");
        summary.hits = countRows(db.db, "hits");
        summary.blobs = countRows(db.db, "blobs");
        summary.manifest.caseUuid = metaValue(db.db, "case_uuid");
        summary.manifest.caseName = metaValue(db.db, "case_name");
        summary.manifest.exportedAt = now;
    }
    auto hashes = hashFile(tmp);
    if (!hashes) {
        cleanup();
        return hashes.error();
    }
    fs::rename(tmp, outPath, ec);
    if (ec) {
        cleanup();
        return makeError(ErrorCode::Io, "cannot move the export to " + outPath + ": " + ec.message());
    }
    auto &m = summary.manifest;
    m.exporter = options.exporter;
    m.sha256 = hashes->sha256;
    m.size = static_cast<std::int64_t>(fs::file_size(outPath, ec));
    m.withoutContent = options.withoutContent;
    m.onlyTagged = options.onlyTagged;
    m.harrierVersion = options.harrierVersion;
    if (auto r = writeManifest(outPath, m); !r)
        return r.error();
    summary.path = outPath;
    summary.manifestPath = manifestPathFor(outPath);
    return summary;
}

Result<void> CaseExporter::upgradeCopy(const std::string &casePath, const std::string &outPath,
                                       const std::string &analyst) {
    auto original = CaseDb::open(casePath, OpenMode::ReadOnly);
    if (!original)
        return original.error();
    const std::string from =
        std::to_string((*original)->info().schemaMajor) + "." + std::to_string((*original)->info().schemaMinor);
    original->reset();
    if (auto r = snapshot(casePath, outPath); !r)
        return r;
    auto copy = CaseDb::open(outPath, OpenMode::ReadWrite);  // migrates the copy
    if (!copy)
        return copy.error();
    (*copy)->setAnalyst(analyst);
    const auto &info = (*copy)->info();
    return (*copy)->audit("case.upgrade", "copy of " + casePath + " migrated from schema " + from + " to " +
                                              std::to_string(info.schemaMajor) + "." +
                                              std::to_string(info.schemaMinor));
}

}  // namespace harrier::casestore
