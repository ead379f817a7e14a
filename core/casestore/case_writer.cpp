#include "casestore/case_writer.h"

#include <sqlite3.h>
#include <zstd.h>

#include <chrono>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/logging.h"
#include "casestore/case_db.h"
#include "casestore/schema.h"
#include "casestore/sqlite_util.h"

namespace harrier::casestore {

namespace {
constexpr std::size_t kMaxQueuedOps = 50'000;
// Blobs wait here uncompressed (see kCompressOnWrite), emails with their
// headers and bodies: the queue and the batch being written can each hold
// this much, so it also bounds peak memory. At 128 MiB a 500 MB mbox peaked
// at 336-399 MB RSS (goal < 400 MB), at 32 MiB at 238-248 MB, with no
// change in throughput beyond the noise (docs/BENCHMARKS.md).
constexpr std::uint64_t kMaxQueuedBytes = 32ULL << 20;
constexpr std::size_t kMaxBatchOps = 50'000;
// A trickle of records waits this long to share a transaction.
constexpr auto kLinger = std::chrono::milliseconds(100);
// Direct-mapped message-dedupe cache: repeated log lines sit close together,
// so a fixed table of recent texts catches them without per-event allocation.
// A miss only costs a duplicate text row.
constexpr std::size_t kMessageSlots = 1 << 16;
constexpr std::size_t kObservableCacheLimit = 200'000;
// Blobs already written by this writer: a repeated attachment, or an .eml
// whose raw message is the file itself, is not compressed a second time.
constexpr std::size_t kBlobCacheLimit = 100'000;
// Level 1: the blob store must keep up with parsing, not win on size.
constexpr int kZstdLevel = 1;

// What a queued record holds: an email's object carries its headers and
// bodies (megabytes for some), so records are not all alike.
std::uint64_t approximateBytes(const WriteOp &op) {
    if (const auto *blob = std::get_if<BlobRecord>(&op))
        return blob->data.size() + 128;
    if (const auto *object = std::get_if<ObjectRecord>(&op)) {
        std::uint64_t bytes = 256 + object->name.size() + object->path.size();
        for (const Attribute &a : object->attributes)
            bytes += 64 + a.name.size() + a.text.size();
        return bytes;
    }
    if (const auto *event = std::get_if<EventRecord>(&op))
        return 256 + event->message.size();
    return 256;
}

const char *severityName(ErrorSeverity s) { return s == ErrorSeverity::Warning ? "warning" : "error"; }
}  // namespace

/// Connection, prepared statements and dedupe caches; used only by the thread.
struct CaseWriter::Impl {
    sqlite3 *db = nullptr;
    Statement insObject, insAttribute, insSource, insEvent, insBlob, upsertCounts, insError,
        insObservable, findObservable, insObjectObservable, updateSource, updateDigests, insTerm, findTerm,
        insMessage;
    std::unordered_map<std::string, std::int64_t> terms;
    struct MessageSlot {
        std::string text;
        std::int64_t id = 0;
    };
    std::vector<MessageSlot> messages = std::vector<MessageSlot>(kMessageSlots);
    std::unordered_map<std::string, std::int64_t> observables;
    std::unordered_set<std::string> blobsWritten;
    ZSTD_CCtx *zstd = ZSTD_createCCtx();
    std::unique_ptr<std::uint8_t[]> zstdOut;  ///< uninitialised: zero-filling it cost as much as compressing
    std::size_t zstdOutSize = 0;
    bool deferredIndexes = false;

    ~Impl() {
        // Statements must be finalized before the connection closes.
        insObject = {}; insAttribute = {}; insSource = {}; insEvent = {}; insBlob = {};
        upsertCounts = {}; insError = {}; insObservable = {}; findObservable = {};
        insObjectObservable = {}; updateSource = {}; updateDigests = {}; insTerm = {}; findTerm = {};
        insMessage = {};
        sqlite3_close_v2(db);
        ZSTD_freeCCtx(zstd);
    }

    Result<void> prepare() {
        insObject = Statement(db, "INSERT INTO objects(id, parent_id, source_id, kind, name, path, size, md5, "
                                  "sha1, sha256, blob_sha256, mime_type, file_type) "
                                  "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
        insAttribute = Statement(db, "INSERT INTO attributes(object_id, name, type, text_value, int_value) "
                                     "VALUES (?,?,?,?,?)");
        insSource = Statement(db, "INSERT INTO sources(id, uuid, display_name, original_path, kind, size, sha256, "
                                  "added_by, added_at, status, status_reason, finished_at) "
                                  "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
        insEvent = Statement(db, "INSERT INTO events(time_us, desc_id, type_id, source_id, object_id, host_id, "
                                 "user_id, message_id) VALUES (?,?,?,?,?,?,?,?)");
        insBlob = Statement(db, "INSERT OR IGNORE INTO blobs(sha256, size, compression, data) VALUES (?,?,?,?)");
        upsertCounts = Statement(db, "INSERT INTO reconciliation(object_id, seen, stored, failed) VALUES (?,?,?,?) "
                                     "ON CONFLICT(object_id) DO UPDATE SET seen=excluded.seen, "
                                     "stored=excluded.stored, failed=excluded.failed");
        insError = Statement(db, "INSERT INTO ingest_errors(source_id, container_id, object_id, path, byte_offset, "
                                 "severity, reason, at) VALUES (?,?,?,?,?,?,?,?)");
        insObservable = Statement(db, "INSERT OR IGNORE INTO observables(kind, value) VALUES (?,?)");
        findObservable = Statement(db, "SELECT id FROM observables WHERE kind = ? AND value = ?");
        insObjectObservable = Statement(db, "INSERT OR IGNORE INTO object_observables(object_id, observable_id, "
                                            "context) VALUES (?,?,?)");
        updateSource = Statement(db, "UPDATE sources SET status = ?, status_reason = ?, "
                                     "size = coalesce(?, size), sha256 = coalesce(?, sha256), "
                                     "finished_at = ? WHERE id = ?");
        updateDigests = Statement(db, "UPDATE objects SET md5 = ?, sha1 = ?, sha256 = ? WHERE id = ?");
        insTerm = Statement(db, "INSERT OR IGNORE INTO terms(value) VALUES (?)");
        findTerm = Statement(db, "SELECT id FROM terms WHERE value = ?");
        insMessage = Statement(db, "INSERT INTO event_messages(text) VALUES (?)");
        for (const Statement *st : {&insObject, &insAttribute, &insSource, &insEvent, &insBlob, &upsertCounts,
                                    &insError, &insObservable, &findObservable, &insObjectObservable,
                                    &updateSource, &updateDigests, &insTerm, &findTerm, &insMessage})
            if (!st->valid())
                return makeError(ErrorCode::Database, st->prepareError());
        return {};
    }

    std::int64_t termId(const std::string &value) {
        if (auto it = terms.find(value); it != terms.end())
            return it->second;
        insTerm.bind(1, value);
        insTerm.exec();
        findTerm.bind(1, value);
        std::int64_t id = 0;
        if (findTerm.step())
            id = findTerm.int64(0);
        findTerm.reset();
        terms.emplace(value, id);
        return id;
    }

    std::int64_t messageId(const std::string &text) {
        MessageSlot &slot = messages[std::hash<std::string>{}(text) & (kMessageSlots - 1)];
        if (slot.id != 0 && slot.text == text)
            return slot.id;
        insMessage.bind(1, text);
        insMessage.exec();
        slot.text = text;  // reuses the slot's capacity
        slot.id = sqlite3_last_insert_rowid(db);
        return slot.id;
    }

    bool apply(const ObjectRecord &o) {
        insObject.bind(1, o.id).bindOptional(2, o.parentId).bindOptional(3, o.sourceId).bind(4, o.kind)
            .bind(5, o.name).bind(6, o.path).bindOptional(7, o.size).bindOptional(8, o.md5)
            .bindOptional(9, o.sha1).bindOptional(10, o.sha256).bindOptional(11, o.blobSha256)
            .bindOptional(12, o.mimeType).bindOptional(13, o.fileType);
        bool ok = insObject.exec();
        for (const Attribute &a : o.attributes) {
            insAttribute.bind(1, o.id).bind(2, a.name).bind(3, static_cast<int>(a.type));
            if (a.type == AttributeType::Text)
                insAttribute.bind(4, a.text).bindNull(5);
            else
                insAttribute.bindNull(4).bind(5, a.integer);
            ok = insAttribute.exec() && ok;
        }
        return ok;
    }

    bool apply(const SourceRecord &s) {
        insSource.bind(1, s.id).bind(2, s.uuid).bind(3, s.displayName).bind(4, s.originalPath).bind(5, s.kind)
            .bindOptional(6, s.size).bindOptional(7, s.sha256).bind(8, s.addedBy).bind(9, s.addedAt.micros)
            .bind(10, toString(s.status)).bindOptional(11, s.statusReason);
        if (s.finishedAt)
            insSource.bind(12, s.finishedAt->micros);
        else
            insSource.bindNull(12);
        return insSource.exec();
    }

    bool apply(const EventRecord &e) {
        insEvent.bind(1, e.time.micros).bind(2, termId(e.timestampDesc)).bind(3, termId(e.eventType))
            .bindOptional(4, e.sourceId).bindOptional(5, e.objectId);
        if (e.host.empty())
            insEvent.bindNull(6);
        else
            insEvent.bind(6, termId(e.host));
        if (e.user.empty())
            insEvent.bindNull(7);
        else
            insEvent.bind(7, termId(e.user));
        insEvent.bind(8, messageId(e.message));
        return insEvent.exec();
    }

    bool apply(const BlobRecord &b) {
        if (blobsWritten.size() >= kBlobCacheLimit)
            blobsWritten.clear();
        if (!blobsWritten.insert(b.sha256).second)
            return true;  // INSERT OR IGNORE would drop it anyway
        if (b.compression != kCompressOnWrite) {
            insBlob.bind(1, b.sha256).bind(2, b.size).bind(3, b.compression).bindBlob(4, b.data);
            return insBlob.exec();
        }
        // One-shot level-1 frame on a reused context: the same bytes ZSTD_compress gives.
        const std::size_t bound = ZSTD_compressBound(b.data.size());
        if (zstdOutSize < bound) {
            zstdOut = std::make_unique_for_overwrite<std::uint8_t[]>(bound);
            zstdOutSize = bound;
        }
        const std::size_t n = zstd ? ZSTD_compressCCtx(zstd, zstdOut.get(), bound, b.data.data(), b.data.size(), kZstdLevel)
                                   : ZSTD_compress(zstdOut.get(), bound, b.data.data(), b.data.size(), kZstdLevel);
        insBlob.bind(1, b.sha256).bind(2, b.size);
        if (ZSTD_isError(n))
            insBlob.bind(3, "none").bindBlob(4, b.data);
        else
            insBlob.bind(3, "zstd").bindBlob(4, ByteView(zstdOut.get(), n));
        return insBlob.exec();
    }

    bool apply(const ContainerCounts &c) {
        upsertCounts.bind(1, c.containerId).bind(2, static_cast<std::int64_t>(c.seen))
            .bind(3, static_cast<std::int64_t>(c.stored)).bind(4, static_cast<std::int64_t>(c.failed));
        return upsertCounts.exec();
    }

    bool apply(const IngestError &e) {
        insError.bindOptional(1, e.sourceId).bindOptional(2, e.containerId).bindOptional(3, e.objectId)
            .bind(4, e.path).bindOptional(5, e.offset).bind(6, severityName(e.severity)).bind(7, e.reason)
            .bind(8, e.at.micros);
        return insError.exec();
    }

    bool apply(const ObservableRecord &o) {
        const std::string key = o.kind + '\n' + o.value;
        std::int64_t id = 0;
        if (auto it = observables.find(key); it != observables.end()) {
            id = it->second;
        } else {
            insObservable.bind(1, o.kind).bind(2, o.value);
            insObservable.exec();
            findObservable.bind(1, o.kind).bind(2, o.value);
            if (findObservable.step())
                id = findObservable.int64(0);
            findObservable.reset();
            if (observables.size() >= kObservableCacheLimit)
                observables.clear();
            observables.emplace(key, id);
        }
        insObjectObservable.bind(1, o.objectId).bind(2, id).bind(3, o.context);
        return insObjectObservable.exec();
    }

    bool apply(const SourceStatusUpdate &u) {
        updateSource.bind(1, toString(u.status)).bindOptional(2, u.reason).bindOptional(3, u.size)
            .bindOptional(4, u.sha256);
        if (u.finishedAt)
            updateSource.bind(5, u.finishedAt->micros);
        else
            updateSource.bindNull(5);
        updateSource.bind(6, u.sourceId);
        return updateSource.exec();
    }

    bool apply(const ObjectDigests &d) {
        updateDigests.bind(1, d.md5).bind(2, d.sha1).bind(3, d.sha256).bind(4, d.objectId);
        return updateDigests.exec();
    }
};

CaseWriter::CaseWriter(CaseDb &db) : m_db(db) {}

Result<std::unique_ptr<CaseWriter>> CaseWriter::start(CaseDb &db, bool bulkLoad) {
    if (db.readOnly())
        return makeError(ErrorCode::ReadOnly, "case " + db.path() + " is open read-only");
    std::unique_ptr<CaseWriter> w(new CaseWriter(db));
    w->m_impl = std::make_unique<Impl>();
    auto conn = openExtraConnection(db.path(), false);
    if (!conn)
        return conn.error();
    w->m_impl->db = *conn;
    if (auto r = w->m_impl->prepare(); !r)
        return r.error();
    const auto maxId = queryInt(w->m_impl->db, "SELECT max(id) FROM objects");
    w->m_nextObjectId = maxId.value_or(0) + 1;
    if (bulkLoad && !queryInt(w->m_impl->db, "SELECT 1 FROM events LIMIT 1")) {
        if (auto r = dropBulkIndexes(w->m_impl->db); !r)
            return r.error();
        w->m_impl->deferredIndexes = true;
    }
    w->m_thread = std::thread([raw = w.get()] { raw->run(); });
    return w;
}

CaseWriter::~CaseWriter() {
    if (!m_closed)
        (void)close();
}

Result<void> CaseWriter::put(WriteOp op) {
    const std::uint64_t bytes = approximateBytes(op);
    std::unique_lock lock(m_mutex);
    m_notFull.wait(lock, [&] {
        return m_error || m_stopping ||
               (m_queue.size() < kMaxQueuedOps && (m_queuedBytes + bytes <= kMaxQueuedBytes || m_queue.empty()));
    });
    if (m_error)
        return *m_error;
    if (m_stopping)
        return makeError(ErrorCode::Internal, "case writer is closed");
    m_queue.push_back(std::move(op));
    m_queuedBytes += bytes;
    ++m_enqueued;
    if (m_queue.size() == 1)
        m_notEmpty.notify_one();
    return {};
}

Result<void> CaseWriter::flush() {
    std::unique_lock lock(m_mutex);
    const std::uint64_t target = m_enqueued;
    ++m_flushWaiters;
    m_notEmpty.notify_one();
    m_drained.wait(lock, [&] { return m_error || m_committed >= target; });
    --m_flushWaiters;
    if (m_error)
        return *m_error;
    return {};
}

Result<void> CaseWriter::close() {
    if (m_closed)
        return {};
    m_closed = true;
    auto flushed = flush();
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_notEmpty.notify_all();
    m_notFull.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    logging::get("casestore")->info("case writer: {} records in {} transactions", m_committed, m_transactions);
    if (!flushed)
        return flushed;
    if (m_impl->deferredIndexes)
        if (auto r = ensureBulkIndexes(m_impl->db); !r)
            return r;
    return catchUpFullText(m_impl->db);
}

WriterStats CaseWriter::stats() const {
    std::lock_guard lock(m_mutex);
    return {m_committed, m_transactions};
}

void CaseWriter::run() {
    std::deque<WriteOp> batch;
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_notEmpty.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty() && m_stopping)
                return;
            // Let a trickle gather into one transaction, unless someone waits.
            m_notEmpty.wait_for(lock, kLinger, [&] {
                return m_stopping || m_flushWaiters > 0 || m_queue.size() >= 1000;
            });
            if (m_queue.size() <= kMaxBatchOps) {
                batch.swap(m_queue);
                m_queuedBytes = 0;
            } else {
                for (std::size_t i = 0; i < kMaxBatchOps; ++i) {
                    m_queuedBytes -= approximateBytes(m_queue.front());
                    batch.push_back(std::move(m_queue.front()));
                    m_queue.pop_front();
                }
            }
        }
        m_notFull.notify_all();

        Transaction tx(m_impl->db);
        bool ok = tx.began();
        for (const WriteOp &op : batch) {
            if (!ok)
                break;
            ok = std::visit([&](const auto &rec) { return m_impl->apply(rec); }, op);
        }
        Result<void> committed = ok ? tx.commit() : sqliteError(m_impl->db, "write failed");
        const std::size_t n = batch.size();
        batch.clear();

        std::lock_guard lock(m_mutex);
        if (!committed) {
            logging::get("casestore")->error("case writer stopped: {}", committed.error().message);
            m_error = committed.error();
            m_queue.clear();
            m_notFull.notify_all();
            m_drained.notify_all();
            return;
        }
        m_committed += n;
        ++m_transactions;
        m_drained.notify_all();
    }
}

}  // namespace harrier::casestore
