#pragma once
/// Sharing a case: a consistent snapshot taken with SQLite's online backup
/// API (safe while an ingest is writing), optionally without blob content or
/// reduced to the analyst's tagged items with their provenance, plus the
/// manifest that lets the recipient check what arrived. Also the migrated
/// copy that `case upgrade` makes of an older case.

#include <cstdint>
#include <string>

#include "base/result.h"
#include "casestore/case_manifest.h"

struct sqlite3;

namespace harrier::casestore {

struct ExportOptions {
    /// Drop blob content; timeline, stats, emails and hashes still work.
    bool withoutContent = false;
    /// Keep only annotated items, everything inside them, their ancestors up
    /// to the source, and their events, hits and annotations.
    bool onlyTagged = false;
    std::string exporter;        ///< analyst named in the manifest and audit log
    std::string harrierVersion;  ///< recorded in the manifest
};

struct ExportSummary {
    std::string path;
    std::string manifestPath;
    CaseManifest manifest;
    std::int64_t objects = 0;
    std::int64_t events = 0;
    std::int64_t annotations = 0;
    std::int64_t hits = 0;
    std::int64_t blobs = 0;
};

class CaseExporter {
public:
    /// Writes outPath (never overwriting) and outPath.manifest.json.
    static Result<ExportSummary> exportCase(const std::string &casePath, const std::string &outPath,
                                            const ExportOptions &options);
    /// A copy of an older case migrated to the current schema; the original
    /// is not touched. The copy's audit log says who upgraded it and from what.
    static Result<void> upgradeCopy(const std::string &casePath, const std::string &outPath,
                                    const std::string &analyst);
    /// A consistent copy of the case as one self-contained file (no -wal).
    static Result<void> snapshot(const std::string &casePath, const std::string &outPath);
};

/// The error for a blob that is not in the case: says so plainly when the
/// case is an export made without content.
Error missingBlobError(sqlite3 *db, const std::string &sha256);

}  // namespace harrier::casestore
