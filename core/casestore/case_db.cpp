#include "casestore/case_db.h"

#include <sqlite3.h>
#include <sys/file.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

#include "base/logging.h"
#include "base/uuid.h"
#include "casestore/case_manifest.h"
#include "casestore/schema.h"
#include "casestore/sqlite_util.h"

namespace harrier::casestore {

namespace fs = std::filesystem;

namespace {

std::string uriEscape(const std::string &path) {
    std::string out;
    for (const char c : path) {
        if (c == '%' || c == '?' || c == '#')
            out += c == '%' ? "%25" : (c == '?' ? "%3f" : "%23");
        else
            out += c;
    }
    return out;
}

}  // namespace

Result<void> configureConnection(sqlite3 *db, bool readOnly) {
    sqlite3_busy_timeout(db, 10000);
    sqlite3_extended_result_codes(db, 1);
    // A case can come from elsewhere (a colleague, another organisation):
    // its schema is not trusted to run functions from views or triggers, nor
    // to let ordinary SQL write to the schema or FTS shadow tables.
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    if (readOnly)
        return execSql(db, "PRAGMA query_only = ON; PRAGMA foreign_keys = ON;");
    // 16 KiB pages for a new case (a no-op on one that has content): a
    // 500 MB mbox ingest made a quarter of the system calls it made with
    // 4 KiB pages and took ~10 % less wall time, where timeline queries on
    // 1M events stayed near a millisecond (docs/BENCHMARKS.md).
    // WAL so readers never block the writer; NORMAL keeps commits durable
    // against a process kill (the SIGKILL test) without an fsync per commit.
    return execSql(db, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                       "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; "
                       "PRAGMA cache_size = -65536;");
}

namespace {

// SQLite keeps allocation statistics under one process-wide mutex unless told
// otherwise before it initialises; Harrier never reads them, and the case
// writer allocates for every row. Too late (SQLite already in use) is harmless.
void configureSqliteLibrary() {
    static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)configured;
}

}  // namespace

Result<sqlite3 *> openExtraConnection(const std::string &path, bool readOnly) {
    configureSqliteLibrary();
    sqlite3 *db = nullptr;
    std::string uri = "file:" + uriEscape(path);
    int flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
    if (readOnly) {
        // Without a WAL beside it, the file is complete on its own: open it
        // immutable so SQLite writes nothing at all, not even a -shm.
        const bool hasWal = fs::exists(path + "-wal");
        uri += hasWal ? "?mode=ro" : "?mode=ro&immutable=1";
        flags |= SQLITE_OPEN_READONLY;
    } else {
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    }
    if (sqlite3_open_v2(uri.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        auto err = sqliteError(db, "cannot open case " + path);
        sqlite3_close(db);
        return err;
    }
    if (auto r = configureConnection(db, readOnly); !r) {
        sqlite3_close(db);
        return makeError(ErrorCode::Database, "cannot configure case " + path + ": " + r.error().message);
    }
    return db;
}

namespace {

// Harrier's schema has no views or triggers. In a case file from elsewhere a
// trigger could quietly change evidence rows as the analyst annotates, and a
// view could stand in for a table: such a case is refused, not opened.
Result<void> refuseForeignSchemaObjects(sqlite3 *db, const std::string &path) {
    const auto foreign = queryInt(db, "SELECT count(*) FROM sqlite_master WHERE type IN ('view', 'trigger')");
    if (!foreign)
        return makeError(ErrorCode::Database, "cannot read the schema of " + path);
    if (*foreign > 0)
        return makeError(ErrorCode::InvalidInput,
                         path + " contains " + std::to_string(*foreign) +
                             " view(s) or trigger(s), which Harrier never creates: not opened (the file was "
                             "made or changed outside Harrier)");
    return {};
}

}  // namespace

Result<std::unique_ptr<CaseDb>> CaseDb::create(const std::string &path, const std::string &name,
                                               const std::string &analyst) {
    std::error_code ec;
    if (fs::exists(path, ec))
        return makeError(ErrorCode::InvalidInput, "refusing to overwrite existing file " + path);
    std::unique_ptr<CaseDb> db(new CaseDb(path, OpenMode::ReadWrite));
    if (auto r = db->openConnection(); !r)
        return r.error();
    if (auto r = db->lockForWriting(); !r)
        return r.error();
    if (auto r = applyMigrations(db->m_db, {}); !r)
        return r.error();
    Statement st(db->m_db, "INSERT INTO meta(key, value) VALUES ('case_uuid', ?), ('case_name', ?), "
                           "('created_by', ?), ('created_at', ?)");
    st.bind(1, newUuid()).bind(2, name).bind(3, analyst).bind(4, std::to_string(UtcTime::now().micros));
    if (!st.exec())
        return sqliteError(db->m_db, "cannot write case metadata");
    if (auto r = db->loadInfo(); !r)
        return r.error();
    db->m_analyst = analyst;
    if (auto r = db->audit("case.create", "name=" + name); !r)
        return r.error();
    return db;
}

Result<std::unique_ptr<CaseDb>> CaseDb::open(const std::string &path, OpenMode mode) {
    return open(path, mode, OpenOptions{});
}

Result<std::unique_ptr<CaseDb>> CaseDb::open(const std::string &path, OpenMode mode, const OpenOptions &options) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        return makeError(ErrorCode::NotFound, "no case file at " + path);
    std::unique_ptr<CaseDb> db(new CaseDb(path, mode));
    if (mode == OpenMode::ReadWrite)
        if (auto r = db->lockForWriting(); !r)
            return r.error();
    // Before the first read-write connection: that one switches the file to
    // WAL, which would change the bytes the manifest vouches for.
    if (auto r = db->checkManifestOnOpen(options.ignoreManifest); !r)
        return r.error();
    if (auto r = db->openConnection(); !r)
        return r.error();
    if (auto r = refuseForeignSchemaObjects(db->m_db, path); !r)
        return r.error();
    if (auto r = db->checkAndMigrate(options.migrate); !r)
        return r.error();
    if (auto r = db->loadInfo(); !r)
        return r.error();
    if (db->m_manifestState == ManifestState::Verified && mode == OpenMode::ReadWrite) {
        // From now on the new owner changes the file; remember that it was
        // intact when it arrived, so the stale manifest does not refuse it later.
        Statement st(db->m_db, "INSERT INTO meta(key, value) VALUES ('manifest_accepted_sha256', ?) "
                               "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        st.bind(1, db->m_manifestSha256);
        if (!st.exec())
            return sqliteError(db->m_db, "cannot record the verified manifest");
    }
    db->m_analyst = db->m_info.createdBy;
    if (mode == OpenMode::ReadWrite) {
        if (auto r = db->recoverInterruptedSources(); !r)
            return r.error();
        if (auto r = db->finalizeIndexes(); !r)
            return r.error();
    }
    return db;
}

CaseDb::~CaseDb() {
    sqlite3_close_v2(m_db);
    if (m_lockFd >= 0)
        ::close(m_lockFd);  // releases the flock
}

Result<void> CaseDb::openConnection() {
    auto conn = openExtraConnection(m_path, readOnly());
    if (!conn)
        return conn.error();
    m_db = *conn;
    return {};
}

// An exclusive flock on the case file marks the one process allowed to
// write. The kernel drops it when that process dies, which is how a later
// open tells an interrupted ingest from a running one. flock and SQLite's
// fcntl locks do not interact on Linux.
Result<void> CaseDb::lockForWriting() {
    m_lockFd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_lockFd < 0)
        return makeError(ErrorCode::Io, "cannot open " + m_path + ": " + std::strerror(errno));
    if (::flock(m_lockFd, LOCK_EX | LOCK_NB) != 0)
        return makeError(ErrorCode::Locked,
                         "case " + m_path + " is open for writing in another Harrier process");
    return {};
}

bool CaseDb::writerActive() const {
    if (m_lockFd >= 0)
        return true;  // this process is the writer
    const int fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0;
    ::close(fd);
    return held;
}

bool CaseDb::olderSchema() const {
    return m_info.schemaMajor < kSchemaMajor ||
           (m_info.schemaMajor == kSchemaMajor && m_info.schemaMinor < currentSchemaMinor());
}

Result<void> CaseDb::checkManifestOnOpen(bool ignore) {
    const ManifestVerdict v = checkManifest(m_path);
    if (v.check == ManifestCheck::NoManifest)
        return {};
    if (v.check == ManifestCheck::Verified) {
        m_manifestState = ManifestState::Verified;
        m_manifestSha256 = v.manifest->sha256;
        return {};
    }
    if (ignore) {
        logging::get("casestore")->warn("{} (override: opened anyway)", v.message);
        m_manifestState = ManifestState::Ignored;
        return {};
    }
    if (v.manifest) {
        // Verified at an earlier read-write open and written to since? Read
        // that on a throwaway read-only connection, which changes nothing.
        auto ro = openExtraConnection(m_path, true);
        if (ro) {
            Statement st(*ro, "SELECT value FROM meta WHERE key = 'manifest_accepted_sha256'");
            const bool accepted = st.step() && st.text(0) == v.manifest->sha256;
            st = Statement();
            sqlite3_close_v2(*ro);
            if (accepted) {
                m_manifestState = ManifestState::Accepted;
                return {};
            }
        }
    }
    return makeError(ErrorCode::InvalidInput, v.message);
}

Result<void> CaseDb::checkAndMigrate(bool migrate) {
    const SchemaVersion v = readSchemaVersion(m_db);
    if (v.major == 0)
        return makeError(ErrorCode::InvalidInput, m_path + " is not a Harrier case (no schema version)");
    if (v.major > kSchemaMajor)
        return makeError(ErrorCode::SchemaTooNew,
                         "case " + m_path + " has schema " + std::to_string(v.major) + "." +
                             std::to_string(v.minor) + ", written by a newer Harrier; this version reads " +
                             std::to_string(kSchemaMajor) + ".x. Update Harrier to open it.");
    const bool older = v.major < kSchemaMajor || v.minor < currentSchemaMinor();
    if (older && !readOnly() && !migrate)
        return makeError(ErrorCode::InvalidInput,
                         "case " + m_path + " has schema " + std::to_string(v.major) + "." + std::to_string(v.minor) +
                             ", older than this Harrier's " + std::to_string(kSchemaMajor) + "." +
                             std::to_string(currentSchemaMinor()) +
                             "; it is not migrated in place. Make a migrated copy with "
                             "'harrier-cli case upgrade CASE OUT.hcase'.");
    if (older && !readOnly()) {
        logging::get("casestore")->info("migrating {} from schema {}.{}", m_path, v.major, v.minor);
        return applyMigrations(m_db, v);
    }
    return {};
}

Result<void> CaseDb::loadInfo() {
    Statement st(m_db, "SELECT key, value FROM meta");
    while (st.step()) {
        const auto key = st.textView(0);
        if (key == "case_uuid")
            m_info.uuid = st.text(1);
        else if (key == "case_name")
            m_info.name = st.text(1);
        else if (key == "created_by")
            m_info.createdBy = st.text(1);
        else if (key == "created_at")
            m_info.createdAt = UtcTime{std::stoll(st.text(1))};
        else if (key == "schema_major")
            m_info.schemaMajor = std::stoi(st.text(1));
        else if (key == "schema_minor")
            m_info.schemaMinor = std::stoi(st.text(1));
        else if (key == "content_included")
            m_info.contentIncluded = st.textView(1) != "0";
        else if (key == "export_only_tagged")
            m_info.onlyTaggedExport = st.textView(1) == "1";
        else if (key == "exported_by")
            m_info.exportedBy = st.text(1);
    }
    if (st.failed())
        return sqliteError(m_db, "cannot read case metadata");
    return {};
}

// We hold the writer lock, so a source still marked running belongs to a
// process that died: what it committed stays, and the source says partial.
Result<void> CaseDb::recoverInterruptedSources() {
    Statement st(m_db, "UPDATE sources SET status = 'partial', "
                       "status_reason = 'interrupted: the ingest process ended before finishing' "
                       "WHERE status = 'running'");
    if (!st.exec())
        return sqliteError(m_db, "cannot recover interrupted sources");
    const int changed = sqlite3_changes(m_db);
    if (changed > 0)
        return audit("source.recover", std::to_string(changed) + " interrupted source(s) marked partial");
    return {};
}

Result<void> CaseDb::audit(const std::string &action, const std::string &details) {
    if (readOnly())
        return makeError(ErrorCode::ReadOnly, "case is open read-only");
    Statement st(m_db, "INSERT INTO audit_log(uuid, at, analyst, action, details) VALUES (?, ?, ?, ?, ?)");
    st.bind(1, newUuid()).bind(2, UtcTime::now().micros).bind(3, m_analyst).bind(4, action).bind(5, details);
    if (!st.exec())
        return sqliteError(m_db, "cannot write audit log");
    return {};
}

Result<void> CaseDb::finalizeIndexes() {
    if (readOnly())
        return makeError(ErrorCode::ReadOnly, "case is open read-only");
    if (auto r = ensureBulkIndexes(m_db); !r)
        return r;
    if (auto r = catchUpFullText(m_db); !r)
        return r;
    return execSql(m_db, "PRAGMA optimize");
}

}  // namespace harrier::casestore
