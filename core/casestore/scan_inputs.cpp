#include "casestore/scan_inputs.h"

#include <sqlite3.h>
#include <zstd.h>

#include "casestore/case_db.h"
#include "casestore/case_export.h"
#include "casestore/sqlite_util.h"

namespace harrier::casestore {

Result<std::vector<ScanItem>> ScanInputs::items() const {
    sqlite3 *db = m_db.handle();
    // The owner comes from collection metadata when a parser recorded it.
    Statement st(db, R"SQL(
        SELECT o.id, o.source_id, o.kind, o.name, o.path, coalesce(b.size, o.size, 0), o.md5, o.sha1, o.sha256,
               o.blob_sha256, o.mime_type, o.file_type,
               (SELECT a.text_value FROM attributes a WHERE a.object_id = o.id AND a.name = 'owner' LIMIT 1)
        FROM objects o JOIN blobs b ON b.sha256 = o.blob_sha256
        ORDER BY o.id)SQL");
    std::vector<ScanItem> out;
    while (st.step()) {
        ScanItem it;
        it.objectId = st.int64(0);
        it.sourceId = st.optionalInt(1).value_or(0);
        it.kind = st.text(2);
        it.name = st.text(3);
        it.path = st.text(4);
        it.size = st.int64(5);
        it.md5 = st.text(6);
        it.sha1 = st.text(7);
        it.sha256 = st.text(8);
        it.blobSha256 = st.text(9);
        it.mimeType = st.text(10);
        it.fileType = st.text(11);
        it.owner = st.text(12);
        out.push_back(std::move(it));
    }
    if (st.failed())
        return sqliteError(db, "cannot list scannable objects");
    return out;
}

Result<void> ScanInputs::forEachObject(const std::function<void(const ObjectFacts &)> &fn) const {
    sqlite3 *db = m_db.handle();
    Statement st(db, "SELECT id, kind, name, path, md5, sha1, sha256 FROM objects WHERE kind <> 'source' ORDER BY id");
    while (st.step()) {
        ObjectFacts f;
        f.objectId = st.int64(0);
        f.kind = st.text(1);
        f.name = st.text(2);
        f.path = st.text(3);
        f.md5 = st.text(4);
        f.sha1 = st.text(5);
        f.sha256 = st.text(6);
        fn(f);
    }
    if (st.failed())
        return sqliteError(db, "cannot list objects");
    return {};
}

Result<void> ScanInputs::forEachObservable(const std::function<void(const ObservableUse &)> &fn) const {
    sqlite3 *db = m_db.handle();
    Statement st(db, R"SQL(
        SELECT ob.id, ob.kind, ob.value, oo.object_id, oo.context
        FROM object_observables oo JOIN observables ob ON ob.id = oo.observable_id
        ORDER BY ob.id, oo.object_id)SQL");
    while (st.step()) {
        ObservableUse u;
        u.observableId = st.int64(0);
        u.kind = st.text(1);
        u.value = st.text(2);
        u.objectId = st.int64(3);
        u.context = st.text(4);
        fn(u);
    }
    if (st.failed())
        return sqliteError(db, "cannot list observables");
    return {};
}

Result<std::unique_ptr<BlobReader>> BlobReader::open(const std::string &casePath) {
    auto db = openExtraConnection(casePath, true);
    if (!db)
        return db.error();
    return std::unique_ptr<BlobReader>(new BlobReader(*db));
}

BlobReader::~BlobReader() {
    sqlite3_finalize(m_read);
    ZSTD_freeDCtx(m_dctx);
    if (m_db)
        sqlite3_close_v2(m_db);
}

Result<std::int64_t> BlobReader::size(const std::string &sha256) {
    Statement st(m_db, "SELECT size FROM blobs WHERE sha256 = ?");
    st.bind(1, sha256);
    if (!st.step())
        return missingBlobError(m_db, sha256);
    return st.int64(0);
}

Result<void> BlobReader::read(const std::string &sha256, std::vector<std::uint8_t> &out) {
    if (!m_read && sqlite3_prepare_v3(m_db, "SELECT size, compression, data FROM blobs WHERE sha256 = ?", -1,
                                      SQLITE_PREPARE_PERSISTENT, &m_read, nullptr) != SQLITE_OK)
        return sqliteError(m_db, "cannot read stored content");
    // Reset on every exit: a stepped statement would keep its read
    // transaction (and WAL snapshot) open between items.
    struct ResetGuard {
        sqlite3_stmt *s;
        ~ResetGuard() {
            sqlite3_reset(s);
            sqlite3_clear_bindings(s);
        }
    } guard{m_read};
    sqlite3_bind_text(m_read, 1, sha256.data(), static_cast<int>(sha256.size()), SQLITE_STATIC);
    const int rc = sqlite3_step(m_read);
    if (rc == SQLITE_DONE)
        return missingBlobError(m_db, sha256);
    if (rc != SQLITE_ROW)
        return sqliteError(m_db, "cannot read stored content for " + sha256);
    const auto size = static_cast<std::size_t>(sqlite3_column_int64(m_read, 0));
    const auto *compression = reinterpret_cast<const char *>(sqlite3_column_text(m_read, 1));
    const auto *data = static_cast<const std::uint8_t *>(sqlite3_column_blob(m_read, 2));
    const auto dataSize = static_cast<std::size_t>(sqlite3_column_bytes(m_read, 2));
    if (compression && std::string_view(compression) == "none") {
        out.assign(data, data + dataSize);
        return {};
    }
    if (!m_dctx && !(m_dctx = ZSTD_createDCtx()))
        return makeError(ErrorCode::Internal, "cannot allocate a zstd context");
    out.resize(size);
    const std::size_t n = ZSTD_decompressDCtx(m_dctx, out.data(), out.size(), data, dataSize);
    if (ZSTD_isError(n) || n != size)
        return makeError(ErrorCode::Database, "stored content for " + sha256 + " is corrupt");
    return {};
}

}  // namespace harrier::casestore
