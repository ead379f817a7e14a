#pragma once
/// The case file's schema as numbered migrations. A case records the
/// (major, minor) it was written with; Harrier refuses a newer major.

#include <sqlite3.h>

#include <span>

#include "base/result.h"

namespace harrier::casestore {

inline constexpr int kSchemaMajor = 1;

struct Migration {
    int major;
    int minor;
    const char *summary;
    const char *sql;
};

/// Every migration in order; the last gives the current version.
std::span<const Migration> migrations();
int currentSchemaMinor();

struct SchemaVersion {
    int major = 0;
    int minor = 0;
};

/// Reads meta; {0,0} for a database that has no Harrier schema yet.
SchemaVersion readSchemaVersion(sqlite3 *db);

/// Applies the migrations after `from`, up to and including index `upTo`
/// (all when upTo < 0), each in its own transaction.
Result<void> applyMigrations(sqlite3 *db, SchemaVersion from, int upTo = -1);

/// Secondary indexes dropped during a bulk load and rebuilt after it.
Result<void> dropBulkIndexes(sqlite3 *db);
Result<void> ensureBulkIndexes(sqlite3 *db);
/// Adds event messages written since the last call to the full-text index.
Result<void> catchUpFullText(sqlite3 *db);

}  // namespace harrier::casestore
