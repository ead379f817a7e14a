#include "parsers/mail/parallel_mbox_reader.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <system_error>

#include "base/logging.h"
#include "parsers/mail/recording_sink.h"

namespace harrier::parsers::mail {

namespace {

std::atomic<int> g_workers{-1};  // -1: not set, use the default

int defaultWorkers() {
    if (const char *env = std::getenv("HARRIER_MAIL_WORKERS"))
        return std::clamp(std::atoi(env), 0, 16);
    const unsigned hw = std::thread::hardware_concurrency();
    return hw < 2 ? 0 : 2;  // two: the calling thread and the case writer need the rest
}

std::uint64_t spanBytes(const MboxMessage &m) { return static_cast<std::uint64_t>(m.span.end - m.span.start); }

}  // namespace

int mboxWorkerThreads() {
    const int set = g_workers.load();
    if (set >= 0)
        return set;
    static const int fallback = defaultWorkers();
    return fallback;
}

void setMboxWorkerThreads(int workers) { g_workers.store(workers); }

ParallelMboxReader::~ParallelMboxReader() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_pending.clear();  // only reached without drain() on an exception: nothing more to record
    }
    m_work.notify_all();
    for (auto &w : m_workers)
        if (w->thread.joinable())
            w->thread.join();
}

Result<void> ParallelMboxReader::start(int workers) {
    for (int i = 0; i < workers; ++i) {
        auto w = std::make_unique<Worker>();
        if (auto r = openMailSource(m_item, w->source); !r)
            return r;
        w->reader = std::make_unique<MboxMessageReader>(m_item, m_ctx, w->source);
        m_workers.push_back(std::move(w));
    }
    try {
        for (auto &w : m_workers)
            w->thread = std::thread([this, worker = w.get()] { run(*worker); });
    } catch (const std::system_error &e) {
        // No thread to be had: the caller reads serially (the destructor
        // joins any worker that did start).
        return makeError(ErrorCode::Internal, std::string("mail worker thread: ") + e.what());
    }
    return {};
}

void ParallelMboxReader::run(Worker &worker) {
    const int nestedDepth = m_ctx.depth + 1;  // what the real sink gives an embedded item
    for (;;) {
        Slot *slot = nullptr;
        {
            std::unique_lock lock(m_mutex);
            m_work.wait(lock, [&] { return m_stopping || !m_pending.empty(); });
            if (m_pending.empty())
                return;
            slot = m_pending.front();
            m_pending.pop_front();
        }
        std::unique_ptr<RecordingSink> sink;
        MessageOutcome outcome = MessageOutcome::Failed;
        bool readAgain = false;
        try {
            sink = std::make_unique<RecordingSink>(m_ctx.limits->maxBlobBytes, nestedDepth,
                                                   m_ctx.limits->maxNestingDepth);
            try {
                outcome = worker.reader->read(slot->message, *sink);
            } catch (const std::exception &ex) {
                // What was recorded before stays, as a serial read would keep it.
                sink->addError(m_item.objectId, m_item.path + "#" + std::to_string(slot->message.index),
                               slot->message.span.start, std::string("message not stored: ") + ex.what(),
                               casestore::ErrorSeverity::Error);
            }
            readAgain = sink->overflowed();
        } catch (...) {
            readAgain = true;  // not even an error could be recorded here: the calling thread reads it
        }
        if (readAgain)
            sink.reset();  // an incomplete recording: free it now, never replay it
        {
            std::lock_guard lock(m_mutex);
            // What the recording holds counts against the budget from now on.
            const std::uint64_t held = sink ? std::max(slot->heldBytes, sink->heldBytes()) : slot->heldBytes;
            m_inFlightBytes += held - slot->heldBytes;
            slot->heldBytes = held;
            slot->sink = std::move(sink);
            slot->outcome = outcome;
            slot->readAgain = readAgain;
            slot->done = true;
        }
        m_done.notify_all();
    }
}

void ParallelMboxReader::submit(MboxMessage message, ingest::ArtifactSink &real) {
    const std::uint64_t bytes = spanBytes(message);
    replayReady(real, bytes, false);
    auto slot = std::make_unique<Slot>();
    slot->message = std::move(message);
    slot->heldBytes = bytes;
    {
        std::lock_guard lock(m_mutex);
        m_pending.push_back(slot.get());
        m_order.push_back(std::move(slot));
        m_inFlightBytes += bytes;
    }
    m_work.notify_one();
}

void ParallelMboxReader::drain(ingest::ArtifactSink &real) { replayReady(real, 0, true); }

void ParallelMboxReader::replayReady(ingest::ArtifactSink &real, std::uint64_t incoming, bool all) {
    for (;;) {
        std::unique_ptr<Slot> slot;
        {
            std::unique_lock lock(m_mutex);
            if (m_order.empty())
                return;
            Slot *front = m_order.front().get();
            // One message over the byte budget still goes when nothing else is in flight.
            const bool full = m_order.size() >= kMaxInFlight || m_inFlightBytes + incoming > kMaxInFlightBytes;
            if (!front->done) {
                if (!all && !full)
                    return;
                m_done.wait(lock, [&] { return front->done; });
            }
            slot = std::move(m_order.front());
            m_order.pop_front();
            m_inFlightBytes -= slot->heldBytes;
        }
        if (slot->readAgain) {
            logging::get("ingest")->info("{}#{}: recording over its memory cap, read again on the reading thread",
                                         m_item.path, slot->message.index);
            m_finished(slot->message, m_readSerially(slot->message));
        } else {
            slot->sink->replay(real);
            m_finished(slot->message, slot->outcome);
        }
    }
}

}  // namespace harrier::parsers::mail
