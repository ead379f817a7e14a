#pragma once
/// Extracts an mbox's messages on a small pool of worker threads while the
/// calling thread goes on splitting the file, then hands each message's
/// records to the real sink on the calling thread, strictly in mbox order.
///
/// Why this shape: the per-message work (GMime, header analysis, HTML scan,
/// observables) is most of an mbox ingest and independent between messages,
/// but the sink (SourceIngest) and its pipeline for attachments (hashes,
/// libmagic, archives, nested parsers) are single-threaded, and a case must
/// come out the same however it was read, object ids included. So workers
/// record into a RecordingSink and the calling thread replays them in order.
/// Memory stays bounded: at most kMaxInFlight messages and kMaxInFlightBytes
/// of their spans are queued or recorded but not yet replayed.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "ingest/artifact_sink.h"
#include "ingest/parser.h"
#include "parsers/mail/mbox_message_reader.h"
#include "parsers/mail/recording_sink.h"

namespace harrier::parsers::mail {

class ParallelMboxReader {
public:
    static constexpr std::size_t kMaxInFlight = 32;
    static constexpr std::uint64_t kMaxInFlightBytes = 16ULL << 20;
    /// Larger messages are read by the calling thread itself, after the ones
    /// before them are replayed: recording one would hold its raw bytes and
    /// decoded attachments in memory twice over.
    static constexpr std::int64_t kMaxRecordedMessage = 16LL << 20;

    using Finished = std::function<void(const MboxMessage &, MessageOutcome)>;
    using ReadSerially = std::function<MessageOutcome(const MboxMessage &)>;

    /// `finished` runs on the calling thread after each message's replay;
    /// `readSerially` reads a message there, straight into the real sink, when
    /// its recording outgrew RecordingSink::kMaxHeldBytes.
    ParallelMboxReader(const ingest::ItemInput &item, const ingest::ParseContext &ctx, Finished finished,
                       ReadSerially readSerially)
        : m_item(item), m_ctx(ctx), m_finished(std::move(finished)), m_readSerially(std::move(readSerially)) {}
    ~ParallelMboxReader();
    ParallelMboxReader(const ParallelMboxReader &) = delete;
    ParallelMboxReader &operator=(const ParallelMboxReader &) = delete;

    /// Opens each worker's own view of the file and starts the workers.
    Result<void> start(int workers);
    /// Queues one message, first replaying whatever finished in order, and
    /// waits for the oldest message while the in-flight budget is used up.
    void submit(MboxMessage message, ingest::ArtifactSink &real);
    /// Replays every queued message (waiting for them).
    void drain(ingest::ArtifactSink &real);

private:
    struct Slot {
        MboxMessage message;
        std::unique_ptr<RecordingSink> sink;
        MessageOutcome outcome = MessageOutcome::Failed;
        bool done = false;
        bool readAgain = false;        ///< the recording overflowed: read serially at its turn
        std::uint64_t heldBytes = 0;   ///< counted in m_inFlightBytes (span, or more once recorded)
    };
    struct Worker {
        MailSource source;
        std::unique_ptr<MboxMessageReader> reader;
        std::thread thread;
    };

    void run(Worker &worker);
    /// Replays finished messages from the front; with `incoming` bytes about
    /// to be queued, also waits while the budget is full. `all`: until empty.
    void replayReady(ingest::ArtifactSink &real, std::uint64_t incoming, bool all);

    const ingest::ItemInput &m_item;
    const ingest::ParseContext &m_ctx;
    Finished m_finished;
    ReadSerially m_readSerially;
    std::vector<std::unique_ptr<Worker>> m_workers;

    std::mutex m_mutex;
    std::condition_variable m_work;  ///< a message was queued, or stopping
    std::condition_variable m_done;  ///< a message was recorded
    std::deque<std::unique_ptr<Slot>> m_order;  ///< mbox order; the calling thread owns it
    std::deque<Slot *> m_pending;               ///< not yet taken by a worker
    std::uint64_t m_inFlightBytes = 0;
    bool m_stopping = false;
};

/// Worker threads an mbox read uses: min(2, hardware threads), 0 (serial)
/// on one core; HARRIER_MAIL_WORKERS overrides it; tests set it.
int mboxWorkerThreads();
void setMboxWorkerThreads(int workers);

}  // namespace harrier::parsers::mail
