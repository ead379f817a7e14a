#include "casestore/schema.h"

#include <string>

#include "casestore/sqlite_util.h"

namespace harrier::casestore {

namespace {

// Portable to PostgreSQL: integer times (µs UTC), TEXT hex hashes, no
// SQLite-only column types; UUID text keys where two analysts create rows
// independently (annotations, hits, audit).
constexpr const char *kSchema_1_0 = R"SQL(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE objects (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES objects(id),
    source_id   INTEGER,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    path        TEXT NOT NULL,
    size        INTEGER,
    md5         TEXT,
    sha1        TEXT,
    sha256      TEXT,
    blob_sha256 TEXT,
    mime_type   TEXT,
    file_type   TEXT
);
CREATE INDEX objects_parent ON objects(parent_id);
CREATE INDEX objects_source ON objects(source_id, kind);
CREATE INDEX objects_sha256 ON objects(sha256);

CREATE TABLE attributes (
    object_id  INTEGER NOT NULL REFERENCES objects(id),
    name       TEXT NOT NULL,
    type       INTEGER NOT NULL,
    text_value TEXT,
    int_value  INTEGER
);
CREATE INDEX attributes_object ON attributes(object_id);

CREATE TABLE sources (
    id            INTEGER PRIMARY KEY REFERENCES objects(id),
    uuid          TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    original_path TEXT NOT NULL,
    kind          TEXT NOT NULL,
    size          INTEGER,
    sha256        TEXT,
    added_by      TEXT NOT NULL,
    added_at      INTEGER NOT NULL,
    status        TEXT NOT NULL,
    status_reason TEXT,
    finished_at   INTEGER
);

CREATE TABLE reconciliation (
    object_id INTEGER PRIMARY KEY REFERENCES objects(id),
    seen      INTEGER NOT NULL,
    stored    INTEGER NOT NULL,
    failed    INTEGER NOT NULL
);

CREATE TABLE ingest_errors (
    id           INTEGER PRIMARY KEY,
    source_id    INTEGER REFERENCES objects(id),
    container_id INTEGER REFERENCES objects(id),
    object_id    INTEGER,
    path         TEXT NOT NULL,
    byte_offset  INTEGER,
    severity     TEXT NOT NULL,
    reason       TEXT NOT NULL,
    at           INTEGER NOT NULL
);
CREATE INDEX ingest_errors_source ON ingest_errors(source_id);

CREATE TABLE blobs (
    sha256      TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    compression TEXT NOT NULL,
    data        BLOB NOT NULL
);

CREATE TABLE terms (id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE);
CREATE TABLE event_messages (id INTEGER PRIMARY KEY, text TEXT NOT NULL);

CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    time_us   INTEGER NOT NULL,
    desc_id   INTEGER NOT NULL REFERENCES terms(id),
    type_id   INTEGER NOT NULL REFERENCES terms(id),
    source_id INTEGER REFERENCES objects(id),
    object_id INTEGER REFERENCES objects(id),
    host_id   INTEGER REFERENCES terms(id),
    user_id   INTEGER REFERENCES terms(id),
    message_id INTEGER NOT NULL REFERENCES event_messages(id)
);

CREATE TABLE observables (
    id    INTEGER PRIMARY KEY,
    kind  TEXT NOT NULL,
    value TEXT NOT NULL,
    UNIQUE (kind, value)
);
CREATE TABLE object_observables (
    object_id     INTEGER NOT NULL REFERENCES objects(id),
    observable_id INTEGER NOT NULL REFERENCES observables(id),
    context       TEXT NOT NULL,
    PRIMARY KEY (object_id, observable_id, context)
);
CREATE INDEX object_observables_observable ON object_observables(observable_id);

CREATE TABLE hits (
    uuid          TEXT PRIMARY KEY,
    object_id     INTEGER REFERENCES objects(id),
    event_id      INTEGER REFERENCES events(id),
    rule_id       TEXT NOT NULL,
    rule_set      TEXT NOT NULL,
    rule_set_hash TEXT NOT NULL,
    severity      INTEGER NOT NULL,
    explanation   TEXT NOT NULL,
    details_json  TEXT,
    created_at    INTEGER NOT NULL
);
CREATE INDEX hits_object ON hits(object_id, severity);
CREATE INDEX hits_event ON hits(event_id, severity);

CREATE TABLE audit_log (
    uuid    TEXT PRIMARY KEY,
    at      INTEGER NOT NULL,
    analyst TEXT NOT NULL,
    action  TEXT NOT NULL,
    details TEXT
);
)SQL";

// Analyst annotations: stable UUIDs, analyst and time on every row, so they
// can travel between copies of a case and merge without duplicates.
constexpr const char *kSchema_1_1 = R"SQL(
CREATE TABLE annotations (
    uuid        TEXT PRIMARY KEY,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('object', 'event')),
    target_id   INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('tag', 'note', 'bookmark', 'verdict')),
    value       TEXT NOT NULL,
    analyst     TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX annotations_target ON annotations(target_kind, target_id);
CREATE INDEX annotations_kind ON annotations(kind, value);
)SQL";

// Full-text search over the deduplicated event messages (not the events
// themselves: one indexed row per distinct text).
constexpr const char *kSchema_1_2 = R"SQL(
CREATE VIRTUAL TABLE message_fts USING fts5(text, content='event_messages', content_rowid='id');
INSERT INTO meta(key, value) VALUES ('fts_indexed_upto', '0');
)SQL";

constexpr Migration kMigrations[] = {
    {1, 0, "core tables: objects, sources, blobs, events, observables, hits, audit", kSchema_1_0},
    {1, 1, "analyst annotations (tags, notes, bookmarks, verdicts)", kSchema_1_1},
    {1, 2, "full-text index over event messages", kSchema_1_2},
};

constexpr const char *kBulkIndexes[][2] = {
    {"events_time", "CREATE INDEX IF NOT EXISTS events_time ON events(time_us, id)"},
    {"events_object", "CREATE INDEX IF NOT EXISTS events_object ON events(object_id)"},
    {"events_source", "CREATE INDEX IF NOT EXISTS events_source ON events(source_id, time_us)"},
    {"events_type", "CREATE INDEX IF NOT EXISTS events_type ON events(type_id, time_us)"},
    {"events_host", "CREATE INDEX IF NOT EXISTS events_host ON events(host_id, time_us)"},
    {"events_message", "CREATE INDEX IF NOT EXISTS events_message ON events(message_id)"},
};

Result<void> setMeta(sqlite3 *db, const char *key, const std::string &value) {
    Statement st(db, "INSERT INTO meta(key, value) VALUES (?, ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    st.bind(1, key).bind(2, value);
    if (!st.exec())
        return sqliteError(db, std::string("cannot write meta ") + key);
    return {};
}

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int currentSchemaMinor() { return kMigrations[std::size(kMigrations) - 1].minor; }

SchemaVersion readSchemaVersion(sqlite3 *db) {
    if (!queryInt(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"))
        return {};
    SchemaVersion v;
    Statement st(db, "SELECT key, value FROM meta WHERE key IN ('schema_major', 'schema_minor')");
    while (st.step()) {
        const int n = std::stoi(st.text(1));
        (st.textView(0) == "schema_major" ? v.major : v.minor) = n;
    }
    return v;
}

Result<void> applyMigrations(sqlite3 *db, SchemaVersion from, int upTo) {
    const auto all = migrations();
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (upTo >= 0 && static_cast<int>(i) > upTo)
            break;
        const Migration &m = all[i];
        const bool applied = m.major < from.major || (m.major == from.major && m.minor <= from.minor);
        if (applied)
            continue;
        Transaction tx(db);
        if (auto r = execSql(db, m.sql); !r)
            return makeError(ErrorCode::Database, "migration to " + std::to_string(m.major) + "." +
                                                      std::to_string(m.minor) + " failed: " +
                                                      r.error().message);
        if (auto r = setMeta(db, "schema_major", std::to_string(m.major)); !r)
            return r;
        if (auto r = setMeta(db, "schema_minor", std::to_string(m.minor)); !r)
            return r;
        if (auto r = tx.commit(); !r)
            return r;
        from = {m.major, m.minor};
    }
    return {};
}

Result<void> dropBulkIndexes(sqlite3 *db) {
    for (const auto &index : kBulkIndexes)
        if (auto r = execSql(db, std::string("DROP INDEX IF EXISTS ") + index[0]); !r)
            return r;
    return {};
}

Result<void> ensureBulkIndexes(sqlite3 *db) {
    for (const auto &index : kBulkIndexes)
        if (auto r = execSql(db, index[1]); !r)
            return r;
    return {};
}

Result<void> catchUpFullText(sqlite3 *db) {
    Transaction tx(db);
    const auto upto = queryInt(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key='fts_indexed_upto'");
    const auto maxId = queryInt(db, "SELECT max(id) FROM event_messages");
    if (!upto || !maxId || *maxId <= *upto)
        return {};
    Statement ins(db, "INSERT INTO message_fts(rowid, text) "
                      "SELECT id, text FROM event_messages WHERE id > ? AND id <= ?");
    ins.bind(1, *upto).bind(2, *maxId);
    if (!ins.exec())
        return sqliteError(db, "full-text indexing failed");
    if (auto r = setMeta(db, "fts_indexed_upto", std::to_string(*maxId)); !r)
        return r;
    return tx.commit();
}

}  // namespace harrier::casestore
