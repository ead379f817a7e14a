#pragma once
/// One extra thread for parses that only emit records (Parser::parsesAlongside,
/// e.g. EVTX): the walk goes on reading, hashing and typing the next items of
/// an archive or folder while logs are decoded. Collections come grouped by
/// folder (all event logs, then all mail...), so the queue must be deep enough
/// for the walk to get past a run of logs and reach work of its own; it is
/// bounded by task count and by the bytes the queued tasks own on disk (spool
/// files), never by copies of their bytes in memory.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace harrier::ingest {

class ParseWorker {
public:
    static constexpr std::size_t kMaxQueuedTasks = 1024;
    static constexpr std::uint64_t kMaxQueuedSpoolBytes = 1ULL << 30;

    ParseWorker() = default;
    ~ParseWorker();
    ParseWorker(const ParseWorker &) = delete;
    ParseWorker &operator=(const ParseWorker &) = delete;

    /// Queues a task that owns `spoolBytes` of spool file; blocks while the
    /// queue is at either bound (a task alone is always accepted).
    void submit(std::function<void()> task, std::uint64_t spoolBytes = 0);
    /// Returns once every submitted task has finished.
    void drain();

private:
    struct Task {
        std::function<void()> run;
        std::uint64_t spoolBytes = 0;
    };
    void run();

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Task> m_queue;
    std::uint64_t m_queuedSpoolBytes = 0;
    bool m_running = false;
    bool m_stopping = false;
    std::thread m_thread;  ///< started with the first task
};

}  // namespace harrier::ingest
