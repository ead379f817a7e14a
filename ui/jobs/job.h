#pragma once
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <stop_token>

#include "base/progress.h"

class QThreadPool;

namespace harrier::ui {

/// What the progress panel shows; a copy of the core's ProgressInfo in Qt types.
struct JobProgress {
    QString stage;
    QString item;
    quint64 items = 0;
    quint64 bytes = 0;
    quint64 totalBytes = 0;  ///< 0 when unknown
    double elapsedSeconds = 0;
};

/// A core job (synchronous, cooperative) run on a QThreadPool. Progress
/// comes back through queued calls at most ~10 times a second, so a parser
/// reporting every item cannot flood the GUI's event loop.
/// Stop keeps what was done; Cancel asks the job to roll back.
class Job : public QObject {
    Q_OBJECT
public:
    explicit Job(QString title, QObject *parent = nullptr);
    ~Job() override;

    const QString &title() const { return m_title; }
    void start(QThreadPool &pool);
    bool running() const { return m_running; }
    /// Keep what is done (an ingest marks its source partial).
    void requestStop();
    /// Undo what the job did, as far as the job can.
    void requestCancel();
    bool cancelRequested() const { return m_cancel.load(); }
    bool succeeded() const { return m_ok; }
    const QString &summary() const { return m_summary; }

signals:
    void progressed(const harrier::ui::JobProgress &progress);
    void finished(bool ok, const QString &summary);

protected:
    struct Outcome {
        bool ok = true;
        QString summary;
    };
    /// Runs on a pool thread. Must not touch widgets.
    virtual Outcome run(std::stop_token stop, ProgressSink &progress) = 0;

private:
    class ThrottledSink;
    void deliverProgress(const JobProgress &p);
    void deliverFinished(const Outcome &o);

    QString m_title;
    std::stop_source m_stop;
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
    bool m_ok = false;
    QString m_summary;
};

}  // namespace harrier::ui

Q_DECLARE_METATYPE(harrier::ui::JobProgress)
