#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::ui {

/// One background thread with its own read-only connection to the case, so
/// timeline queries never run on the GUI thread. Jobs carry the generation
/// of the filter they belong to: bumping the generation cancels the running
/// query (QueryCancel) and drops queued ones. Within a generation the newest
/// job runs first and the queue is bounded, because when the analyst drags
/// the scroll bar only the rows now on screen matter ("latest wins").
class QueryWorker {
public:
    struct Job {
        std::uint64_t generation = 0;
        /// Runs on the worker thread with the worker's connection.
        std::function<void(casestore::CaseDb &db)> run;
        /// Called (on the worker thread) instead of run when the job is dropped.
        std::function<void()> dropped;
    };

    /// Opens the second connection on the worker thread; `casePath` is the
    /// case the GUI has open.
    explicit QueryWorker(std::string casePath, std::size_t maxQueued = 8);
    ~QueryWorker();
    QueryWorker(const QueryWorker &) = delete;
    QueryWorker &operator=(const QueryWorker &) = delete;

    /// Starts a new generation: the running query stops at its next check.
    void setGeneration(std::uint64_t generation);
    std::uint64_t generation() const { return m_generation.load(); }
    void post(Job job);
    /// True while the current job belongs to an older generation.
    bool cancelled(std::uint64_t jobGeneration) const { return jobGeneration != m_generation.load(); }
    /// Jobs run so far that ended because a newer generation cancelled them.
    std::uint64_t interruptedJobs() const { return m_interrupted.load(); }
    void noteInterrupted() { ++m_interrupted; }

private:
    void loop();

    std::string m_path;
    std::size_t m_maxQueued;
    std::atomic<std::uint64_t> m_generation{0};
    std::atomic<std::uint64_t> m_interrupted{0};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_jobs;
    bool m_stop = false;
    std::thread m_thread;
};

}  // namespace harrier::ui
