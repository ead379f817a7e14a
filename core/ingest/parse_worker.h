#pragma once
/// One extra thread for parses that only emit records (Parser::parsesAlongside,
/// e.g. EVTX): the walk goes on reading, hashing and typing the next items of
/// an archive or folder while a log is decoded. At most one task runs and one
/// waits, so memory stays bounded; a task owns its item's spool file, never a
/// copy of its bytes.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace harrier::ingest {

class ParseWorker {
public:
    ParseWorker() = default;
    ~ParseWorker();
    ParseWorker(const ParseWorker &) = delete;
    ParseWorker &operator=(const ParseWorker &) = delete;

    /// Queues a task; blocks while another one is already waiting.
    void submit(std::function<void()> task);
    /// Returns once every submitted task has finished.
    void drain();

private:
    void run();

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::optional<std::function<void()>> m_waiting;
    bool m_running = false;
    bool m_stopping = false;
    std::thread m_thread;  ///< started with the first task
};

}  // namespace harrier::ingest
