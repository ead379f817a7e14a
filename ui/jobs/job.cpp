#include "ui/jobs/job.h"

#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>

#include <chrono>
#include <mutex>

namespace harrier::ui {

/// Forwards core progress to the GUI thread at ~10 Hz; the last report is
/// always delivered (flush) so the panel ends on the true totals.
class Job::ThrottledSink final : public ProgressSink {
public:
    explicit ThrottledSink(Job *job) : m_job(job) {}
    void onProgress(const ProgressInfo &info) override {
        const auto now = std::chrono::steady_clock::now();
        std::lock_guard lock(m_mutex);
        m_last = info;
        m_pending = true;
        if (now - m_lastSent < std::chrono::milliseconds(100))
            return;
        m_lastSent = now;
        sendLocked();
    }
    void flush() {
        std::lock_guard lock(m_mutex);
        if (m_pending)
            sendLocked();
    }

private:
    void sendLocked() {
        m_pending = false;
        JobProgress p{QString::fromStdString(m_last.stage), QString::fromStdString(m_last.currentItem),
                      m_last.items, m_last.bytes, m_last.totalBytes, m_last.elapsedSeconds};
        QPointer<Job> job(m_job);
        QMetaObject::invokeMethod(
            m_job, [job, p] { if (job) job->deliverProgress(p); }, Qt::QueuedConnection);
    }
    Job *m_job;
    std::mutex m_mutex;
    ProgressInfo m_last;
    bool m_pending = false;
    std::chrono::steady_clock::time_point m_lastSent{};
};

Job::Job(QString title, QObject *parent) : QObject(parent), m_title(std::move(title)) {
    qRegisterMetaType<harrier::ui::JobProgress>();
}

Job::~Job() = default;

void Job::start(QThreadPool &pool) {
    m_running = true;
    // The job object outlives the run: its owner deletes it only after finished().
    pool.start([this] {
        ThrottledSink sink(this);
        Outcome outcome;
        try {
            outcome = run(m_stop.get_token(), sink);
        } catch (const std::exception &e) {
            outcome = {false, tr("Internal error: %1").arg(QString::fromUtf8(e.what()))};
        }
        sink.flush();
        QMetaObject::invokeMethod(this, [this, outcome] { deliverFinished(outcome); }, Qt::QueuedConnection);
    });
}

void Job::requestStop() { m_stop.request_stop(); }

void Job::requestCancel() {
    m_cancel = true;
    m_stop.request_stop();
}

void Job::deliverProgress(const JobProgress &p) {
    if (m_running)
        emit progressed(p);
}

void Job::deliverFinished(const Outcome &o) {
    m_running = false;
    m_ok = o.ok;
    m_summary = o.summary;
    emit finished(o.ok, o.summary);
}

}  // namespace harrier::ui
