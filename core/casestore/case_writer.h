#pragma once
/// The single writer of a case: producers queue records, one thread drains
/// the bounded queue and commits in batches. Object ids are handed out up
/// front so a parser can give children their parent's id before anything is
/// committed.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <variant>

#include "base/result.h"
#include "casestore/records.h"

namespace harrier::casestore {

class CaseDb;

/// BlobRecord::compression of content queued uncompressed: the writer thread
/// compresses it (zstd level 1) and stores it as "zstd", so the threads that
/// parse evidence spend no time on blob compression.
inline constexpr std::string_view kCompressOnWrite = "zstd-on-write";

using WriteOp = std::variant<ObjectRecord, SourceRecord, EventRecord, BlobRecord, ContainerCounts,
                             IngestError, ObservableRecord, SourceStatusUpdate, ObjectDigests>;

struct WriterStats {
    std::uint64_t opsCommitted = 0;
    std::uint64_t transactions = 0;
};

class CaseWriter {
public:
    /// Opens its own connection to the case (which must be read-write).
    /// With bulkLoad, event indexes are dropped while loading into an empty
    /// events table and rebuilt by close().
    static Result<std::unique_ptr<CaseWriter>> start(CaseDb &db, bool bulkLoad = true);
    ~CaseWriter();
    CaseWriter(const CaseWriter &) = delete;
    CaseWriter &operator=(const CaseWriter &) = delete;

    ObjectId allocateObjectId() { return m_nextObjectId.fetch_add(1); }

    /// Queues a record; blocks while the queue is full. Fails once the
    /// writer has hit an error (the error is kept, later records dropped).
    Result<void> put(WriteOp op);
    /// Waits until everything queued so far is committed.
    Result<void> flush();
    /// Flushes, stops the thread, builds deferred indexes.
    Result<void> close();

    WriterStats stats() const;

private:
    explicit CaseWriter(CaseDb &db);
    void run();
    struct Impl;
    std::unique_ptr<Impl> m_impl;

    CaseDb &m_db;
    std::atomic<ObjectId> m_nextObjectId{1};

    mutable std::mutex m_mutex;
    std::condition_variable m_notEmpty;
    std::condition_variable m_notFull;
    std::condition_variable m_drained;
    std::deque<WriteOp> m_queue;
    std::uint64_t m_queuedBytes = 0;
    std::uint64_t m_enqueued = 0;
    std::uint64_t m_committed = 0;
    std::uint64_t m_transactions = 0;
    bool m_stopping = false;
    int m_flushWaiters = 0;  ///< cuts the linger short
    std::optional<Error> m_error;
    std::thread m_thread;
    bool m_closed = false;
};

}  // namespace harrier::casestore
