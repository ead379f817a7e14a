#include "casestore/case_reader.h"

#include <sqlite3.h>
#include <zstd.h>

#include "casestore/case_db.h"
#include "casestore/case_export.h"
#include "casestore/object_row.h"
#include "casestore/sqlite_util.h"

namespace harrier::casestore {

namespace {

constexpr const char *kObjectColumns =
    "id, parent_id, source_id, kind, name, path, size, md5, sha1, sha256, blob_sha256, mime_type, file_type";

}  // namespace

Result<std::vector<SourceSummary>> CaseReader::sources() const {
    sqlite3 *db = m_db.handle();
    Statement st(db, R"SQL(
        SELECT s.id, s.uuid, s.display_name, s.original_path, s.kind, s.size, s.sha256, s.added_by,
               s.added_at, s.status, s.status_reason, s.finished_at,
               coalesce(r.seen, 0), coalesce(r.stored, 0), coalesce(r.failed, 0),
               (SELECT coalesce(sum(rr.seen), 0) FROM reconciliation rr JOIN objects o ON o.id = rr.object_id
                 WHERE o.source_id = s.id),
               (SELECT coalesce(sum(rr.stored), 0) FROM reconciliation rr JOIN objects o ON o.id = rr.object_id
                 WHERE o.source_id = s.id),
               (SELECT coalesce(sum(rr.failed), 0) FROM reconciliation rr JOIN objects o ON o.id = rr.object_id
                 WHERE o.source_id = s.id),
               (SELECT count(*) FROM ingest_errors e WHERE e.source_id = s.id AND e.severity = 'error'),
               (SELECT count(*) FROM ingest_errors e WHERE e.source_id = s.id AND e.severity = 'warning')
        FROM sources s LEFT JOIN reconciliation r ON r.object_id = s.id ORDER BY s.id)SQL");
    std::vector<SourceSummary> out;
    const bool writerLive = m_db.writerActive();
    while (st.step()) {
        SourceSummary s;
        auto &src = s.source;
        src.id = st.int64(0);
        src.uuid = st.text(1);
        src.displayName = st.text(2);
        src.originalPath = st.text(3);
        src.kind = st.text(4);
        src.size = st.optionalInt(5);
        src.sha256 = st.text(6);
        src.addedBy = st.text(7);
        src.addedAt = UtcTime{st.int64(8)};
        src.status = sourceStatusFromString(st.textView(9));
        src.statusReason = st.text(10);
        if (auto f = st.optionalInt(11))
            src.finishedAt = UtcTime{*f};
        s.counts = {src.id, static_cast<std::uint64_t>(st.int64(12)), static_cast<std::uint64_t>(st.int64(13)),
                    static_cast<std::uint64_t>(st.int64(14))};
        s.totals = {src.id, static_cast<std::uint64_t>(st.int64(15)), static_cast<std::uint64_t>(st.int64(16)),
                    static_cast<std::uint64_t>(st.int64(17))};
        s.errorCount = static_cast<std::uint64_t>(st.int64(18));
        s.warningCount = static_cast<std::uint64_t>(st.int64(19));
        s.interrupted = src.status == SourceStatus::Running && !writerLive;
        out.push_back(std::move(s));
    }
    if (st.failed())
        return sqliteError(db, "cannot list sources");
    return out;
}

Result<CaseStats> CaseReader::stats() const {
    sqlite3 *db = m_db.handle();
    CaseStats s;
    Statement kinds(db, "SELECT kind, count(*) FROM objects GROUP BY kind");
    while (kinds.step()) {
        const auto n = static_cast<std::uint64_t>(kinds.int64(1));
        s.objectsByKind[kinds.text(0)] = n;
        s.objects += n;
    }
    if (kinds.failed())
        return sqliteError(db, "cannot count objects");
    auto count = [&](const char *sql) { return static_cast<std::uint64_t>(queryInt(db, sql).value_or(0)); };
    s.events = count("SELECT count(*) FROM events");
    s.ingestErrors = count("SELECT count(*) FROM ingest_errors WHERE severity = 'error'");
    s.ingestWarnings = count("SELECT count(*) FROM ingest_errors WHERE severity = 'warning'");
    s.blobs = count("SELECT count(*) FROM blobs");
    s.blobBytesStored = count("SELECT coalesce(sum(length(data)), 0) FROM blobs");
    s.hits = count("SELECT count(*) FROM hits");
    s.observables = count("SELECT count(*) FROM observables");
    if (auto t = queryInt(db, "SELECT min(time_us) FROM events"))
        s.firstEvent = UtcTime{*t};
    if (auto t = queryInt(db, "SELECT max(time_us) FROM events"))
        s.lastEvent = UtcTime{*t};
    return s;
}

Result<ObjectRecord> CaseReader::object(ObjectId id) const {
    sqlite3 *db = m_db.handle();
    Statement st(db, std::string("SELECT ") + kObjectColumns + " FROM objects WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
        return st.failed() ? sqliteError(db, "cannot read object")
                           : makeError(ErrorCode::NotFound, "no object " + std::to_string(id));
    ObjectRecord o = readObject(st);
    Statement attrs(db, "SELECT name, type, text_value, int_value FROM attributes WHERE object_id = ? "
                        "ORDER BY rowid");
    attrs.bind(1, id);
    while (attrs.step()) {
        Attribute a;
        a.name = attrs.text(0);
        a.type = static_cast<AttributeType>(attrs.int64(1));
        a.text = attrs.text(2);
        a.integer = attrs.optionalInt(3).value_or(0);
        o.attributes.push_back(std::move(a));
    }
    return o;
}

Result<std::vector<ObjectRecord>> CaseReader::children(ObjectId parent) const {
    sqlite3 *db = m_db.handle();
    Statement st(db, std::string("SELECT ") + kObjectColumns + " FROM objects WHERE parent_id = ? ORDER BY id");
    st.bind(1, parent);
    std::vector<ObjectRecord> out;
    while (st.step())
        out.push_back(readObject(st));
    if (st.failed())
        return sqliteError(db, "cannot list children");
    return out;
}

Result<std::vector<ObjectRecord>> CaseReader::objectsOfSource(ObjectId sourceId, const std::string &kind) const {
    sqlite3 *db = m_db.handle();
    Statement st(db, std::string("SELECT ") + kObjectColumns +
                         " FROM objects WHERE source_id = ? AND (? = '' OR kind = ?) ORDER BY id");
    st.bind(1, sourceId).bind(2, kind).bind(3, kind);
    std::vector<ObjectRecord> out;
    while (st.step())
        out.push_back(readObject(st));
    if (st.failed())
        return sqliteError(db, "cannot list objects");
    return out;
}

Result<std::vector<ContainerCounts>> CaseReader::containers(ObjectId sourceId) const {
    sqlite3 *db = m_db.handle();
    Statement st(db, "SELECT r.object_id, r.seen, r.stored, r.failed FROM reconciliation r "
                     "JOIN objects o ON o.id = r.object_id WHERE o.source_id = ? ORDER BY r.object_id");
    st.bind(1, sourceId);
    std::vector<ContainerCounts> out;
    while (st.step())
        out.push_back({st.int64(0), static_cast<std::uint64_t>(st.int64(1)), static_cast<std::uint64_t>(st.int64(2)),
                       static_cast<std::uint64_t>(st.int64(3))});
    if (st.failed())
        return sqliteError(db, "cannot list containers");
    return out;
}

Result<std::vector<IngestError>> CaseReader::errors(ObjectId sourceId) const {
    sqlite3 *db = m_db.handle();
    Statement st(db, "SELECT source_id, container_id, object_id, path, byte_offset, severity, reason, at "
                     "FROM ingest_errors WHERE (? = 0 OR source_id = ?) ORDER BY id");
    st.bind(1, sourceId).bind(2, sourceId);
    std::vector<IngestError> out;
    while (st.step()) {
        IngestError e;
        e.sourceId = st.optionalInt(0).value_or(0);
        e.containerId = st.optionalInt(1).value_or(0);
        e.objectId = st.optionalInt(2).value_or(0);
        e.path = st.text(3);
        e.offset = st.optionalInt(4);
        e.severity = st.textView(5) == "warning" ? ErrorSeverity::Warning : ErrorSeverity::Error;
        e.reason = st.text(6);
        e.at = UtcTime{st.int64(7)};
        out.push_back(std::move(e));
    }
    if (st.failed())
        return sqliteError(db, "cannot list ingest errors");
    return out;
}

Result<std::vector<std::uint8_t>> CaseReader::blob(const std::string &sha256) const {
    sqlite3 *db = m_db.handle();
    Statement st(db, "SELECT size, compression, data FROM blobs WHERE sha256 = ?");
    st.bind(1, sha256);
    if (!st.step())
        return missingBlobError(db, sha256);
    const auto size = static_cast<std::size_t>(st.int64(0));
    const ByteView data = st.blob(2);
    if (st.textView(1) == "none")
        return std::vector<std::uint8_t>(data.begin(), data.end());
    std::vector<std::uint8_t> out(size);
    const std::size_t n = ZSTD_decompress(out.data(), out.size(), data.data(), data.size());
    if (ZSTD_isError(n) || n != size)
        return makeError(ErrorCode::Database, "stored content for " + sha256 + " is corrupt");
    return out;
}

}  // namespace harrier::casestore
