#pragma once
/// What rule engines read from a case: every object with stored content (so a
/// re-scan needs no original evidence), its content one blob at a time, and
/// every observable the parsers extracted. Read-only; SQL stays here.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "casestore/records.h"

struct sqlite3;
struct sqlite3_stmt;
struct ZSTD_DCtx_s;

namespace harrier::casestore {

class CaseDb;

/// One scannable item: a file, decoded attachment, email body... whatever
/// kind, as long as its content was kept as a blob.
struct ScanItem {
    ObjectId objectId = 0;
    ObjectId sourceId = 0;
    std::string kind;
    std::string name;
    std::string path;  ///< inside its evidence source
    std::int64_t size = 0;
    std::string md5, sha1, sha256;
    std::string blobSha256;
    std::string mimeType;
    std::string fileType;
    std::string owner;  ///< attribute "owner" from collection metadata, empty when unknown
};

/// An object without content still has hashes and a name IOCs can match.
struct ObjectFacts {
    ObjectId objectId = 0;
    std::string kind, name, path, md5, sha1, sha256;
};

/// An observable as extracted, with every object it was seen in.
struct ObservableUse {
    std::int64_t observableId = 0;
    std::string kind;
    std::string value;
    ObjectId objectId = 0;
    std::string context;
};

class ScanInputs {
public:
    explicit ScanInputs(const CaseDb &db) : m_db(db) {}
    /// Every object whose content is stored, in id order.
    Result<std::vector<ScanItem>> items() const;
    /// Every object that has a hash or a name (sources excluded).
    Result<void> forEachObject(const std::function<void(const ObjectFacts &)> &fn) const;
    /// Every (observable, object) pair.
    Result<void> forEachObservable(const std::function<void(const ObservableUse &)> &fn) const;

private:
    const CaseDb &m_db;
};

/// Decompresses blobs on its own read-only connection, so each scan worker
/// thread can have one.
class BlobReader {
public:
    static Result<std::unique_ptr<BlobReader>> open(const std::string &casePath);
    ~BlobReader();
    BlobReader(const BlobReader &) = delete;
    BlobReader &operator=(const BlobReader &) = delete;

    /// Content of a blob into out (reused between calls to avoid reallocations).
    Result<void> read(const std::string &sha256, std::vector<std::uint8_t> &out);
    /// Uncompressed size, without reading the data.
    Result<std::int64_t> size(const std::string &sha256);

private:
    explicit BlobReader(sqlite3 *db) : m_db(db) {}
    sqlite3 *m_db = nullptr;
    // Kept between reads: a scan reads thousands of blobs, and preparing the
    // query and allocating a zstd context per blob was per-item overhead.
    sqlite3_stmt *m_read = nullptr;
    ZSTD_DCtx_s *m_dctx = nullptr;
};

}  // namespace harrier::casestore
