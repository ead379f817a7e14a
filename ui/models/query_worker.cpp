#include "ui/models/query_worker.h"

#include "casestore/case_db.h"
#include "casestore/query_cancel.h"

namespace harrier::ui {

QueryWorker::QueryWorker(std::string casePath, std::size_t maxQueued)
    : m_path(std::move(casePath)), m_maxQueued(maxQueued), m_thread([this] { loop(); }) {}

QueryWorker::~QueryWorker() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_generation.fetch_add(1);  // stops a running query at once
    m_wake.notify_all();
    m_thread.join();
}

void QueryWorker::setGeneration(std::uint64_t generation) {
    std::deque<Job> stale;
    {
        std::lock_guard lock(m_mutex);
        m_generation.store(generation);
        for (auto &j : m_jobs)
            if (j.generation != generation)
                stale.push_back(std::move(j));
        std::erase_if(m_jobs, [generation](const Job &j) { return j.generation != generation; });
    }
    for (auto &j : stale)
        if (j.dropped)
            j.dropped();
}

void QueryWorker::post(Job job) {
    std::deque<Job> overflow;
    {
        std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
        while (m_jobs.size() > m_maxQueued) {
            overflow.push_back(std::move(m_jobs.front()));
            m_jobs.pop_front();
        }
    }
    m_wake.notify_one();
    for (auto &j : overflow)
        if (j.dropped)
            j.dropped();
}

void QueryWorker::loop() {
    // The connection belongs to this thread (SQLite is opened NOMUTEX).
    auto db = casestore::CaseDb::open(m_path, casestore::OpenMode::ReadOnly);
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
            if (m_stop)
                break;
            job = std::move(m_jobs.back());  // newest first
            m_jobs.pop_back();
        }
        if (job.generation != m_generation.load() || !db) {
            if (job.dropped)
                job.dropped();
            continue;
        }
        const std::uint64_t gen = job.generation;
        casestore::QueryCancel cancel(**db, [this, gen] { return m_generation.load() != gen; });
        job.run(**db);
    }
    std::lock_guard lock(m_mutex);
    for (auto &j : m_jobs)
        if (j.dropped)
            j.dropped();
    m_jobs.clear();
}

}  // namespace harrier::ui
