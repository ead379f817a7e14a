#pragma once
/// A case is one SQLite file (*.hcase). CaseDb opens or creates it, checks
/// and migrates its schema, and owns the connection other casestore classes
/// use. Nothing outside casestore sees SQL.

#include <memory>
#include <string>

#include "base/result.h"
#include "base/utc_time.h"

struct sqlite3;

namespace harrier::casestore {

enum class OpenMode {
    ReadWrite,  ///< takes the case's writer lock; migrates an older schema
    ReadOnly,   ///< never writes: not the case file, not a journal, not a lock
};

/// How open() treats what it finds.
struct OpenOptions {
    /// Migrate an older schema when opening read-write. Off: such an open is
    /// refused, so a colleague's case is only migrated on a copy.
    bool migrate = true;
    /// Open even when the export manifest beside the case does not match it
    /// (the analyst's explicit override).
    bool ignoreManifest = false;
};

enum class ManifestState { None, Verified, Accepted, Ignored };

struct CaseInfo {
    std::string uuid;
    std::string name;
    std::string createdBy;
    UtcTime createdAt;
    int schemaMajor = 0;
    int schemaMinor = 0;
    bool contentIncluded = true;  ///< false in an export made --without-content
    bool onlyTaggedExport = false;
    std::string exportedBy;       ///< set in exported copies
};

class CaseDb {
public:
    static Result<std::unique_ptr<CaseDb>> create(const std::string &path, const std::string &name,
                                                  const std::string &analyst);
    static Result<std::unique_ptr<CaseDb>> open(const std::string &path, OpenMode mode);
    static Result<std::unique_ptr<CaseDb>> open(const std::string &path, OpenMode mode, const OpenOptions &options);
    ~CaseDb();
    CaseDb(const CaseDb &) = delete;
    CaseDb &operator=(const CaseDb &) = delete;

    const std::string &path() const { return m_path; }
    const CaseInfo &info() const { return m_info; }
    bool readOnly() const { return m_mode == OpenMode::ReadOnly; }
    /// True when the case's schema is older than this Harrier's (only
    /// possible for read-only opens, or read-write with migrate off).
    bool olderSchema() const;
    /// What the export manifest check found: Verified (hash matches),
    /// Accepted (verified at an earlier read-write open, changed since by its
    /// new owner), Ignored (mismatch overridden), None (no manifest).
    ManifestState manifestState() const { return m_manifestState; }
    /// True when another process holds the writer lock (an ingest is running).
    bool writerActive() const;
    /// The analyst recorded on writes; defaults to the case's creator.
    const std::string &analyst() const { return m_analyst; }
    void setAnalyst(std::string analyst) { m_analyst = std::move(analyst); }

    /// Appends to the audit log (analyst actions).
    Result<void> audit(const std::string &action, const std::string &details);
    /// Builds indexes skipped during bulk loads and indexes new text.
    Result<void> finalizeIndexes();

    /// The connection, for casestore's own classes.
    sqlite3 *handle() const { return m_db; }

private:
    CaseDb(std::string path, OpenMode mode) : m_path(std::move(path)), m_mode(mode) {}
    Result<void> openConnection();
    Result<void> lockForWriting();
    Result<void> checkAndMigrate(bool migrate);
    Result<void> checkManifestOnOpen(bool ignore);
    Result<void> loadInfo();
    Result<void> recoverInterruptedSources();

    std::string m_path;
    OpenMode m_mode;
    sqlite3 *m_db = nullptr;
    int m_lockFd = -1;
    CaseInfo m_info;
    std::string m_analyst;
    ManifestState m_manifestState = ManifestState::None;
    std::string m_manifestSha256;  ///< to record after a verified read-write open
};

/// Opens a new connection to the same case file for another thread.
Result<sqlite3 *> openExtraConnection(const std::string &path, bool readOnly);
/// Common pragmas for every read-write connection.
Result<void> configureConnection(sqlite3 *db, bool readOnly);

}  // namespace harrier::casestore
