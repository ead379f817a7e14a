#include "ingest/parse_worker.h"

#include <exception>

#include "base/logging.h"

namespace harrier::ingest {

ParseWorker::~ParseWorker() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable())
        m_thread.join();  // runs what was queued first: a task owns a spool file to release
}

void ParseWorker::submit(std::function<void()> task, std::uint64_t spoolBytes) {
    std::unique_lock lock(m_mutex);
    if (!m_thread.joinable())
        m_thread = std::thread([this] { run(); });
    m_changed.wait(lock, [&] {
        return m_queue.empty() ||
               (m_queue.size() < kMaxQueuedTasks && m_queuedSpoolBytes + spoolBytes <= kMaxQueuedSpoolBytes);
    });
    m_queuedSpoolBytes += spoolBytes;
    m_queue.push_back({std::move(task), spoolBytes});
    m_changed.notify_all();
}

void ParseWorker::drain() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_queue.empty() && !m_running; });
}

void ParseWorker::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [&] { return !m_queue.empty() || m_stopping; });
        if (m_queue.empty())
            return;  // stopping, nothing left
        Task task = std::move(m_queue.front());
        m_queue.pop_front();
        m_running = true;
        m_changed.notify_all();  // a submitter waiting for room may queue now
        lock.unlock();
        try {
            task.run();  // tasks record their own failures as ingest errors
        } catch (const std::exception &e) {
            // Never take the process down from this thread; the item's
            // records so far stay, and the log says why the rest is missing.
            logging::get("ingest")->error("parse beside the walk failed: {}", e.what());
        }
        lock.lock();
        m_queuedSpoolBytes -= task.spoolBytes;  // its spool file is released now
        m_running = false;
        m_changed.notify_all();
    }
}

}  // namespace harrier::ingest
