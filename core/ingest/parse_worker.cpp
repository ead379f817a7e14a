#include "ingest/parse_worker.h"

namespace harrier::ingest {

ParseWorker::~ParseWorker() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable())
        m_thread.join();  // runs what was queued first: a task owns a spool file to remove
}

void ParseWorker::submit(std::function<void()> task) {
    std::unique_lock lock(m_mutex);
    if (!m_thread.joinable())
        m_thread = std::thread([this] { run(); });
    m_changed.wait(lock, [&] { return !m_waiting; });
    m_waiting = std::move(task);
    m_changed.notify_all();
}

void ParseWorker::drain() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_waiting && !m_running; });
}

void ParseWorker::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [&] { return m_waiting || m_stopping; });
        if (!m_waiting)
            return;  // stopping, nothing left
        std::function<void()> task = std::move(*m_waiting);
        m_waiting.reset();
        m_running = true;
        m_changed.notify_all();  // a submitter may queue the next one now
        lock.unlock();
        task();  // tasks catch their own exceptions
        lock.lock();
        m_running = false;
        m_changed.notify_all();
    }
}

}  // namespace harrier::ingest
