#pragma once
#include <QPointer>
#include <QWidget>

#include "ui/jobs/job.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace harrier::ui {

/// The progress dock's content: stage, current item, items, bytes, rate,
/// ETA (when the total is known), with Stop (keep) and Cancel (roll back).
class ProgressPanel : public QWidget {
    Q_OBJECT
public:
    explicit ProgressPanel(QWidget *parent = nullptr);
    /// Follows one job until it finishes; nullptr clears.
    void track(Job *job);
    QPushButton *stopButton() const { return m_stop; }
    QPushButton *cancelButton() const { return m_cancel; }
    QString statsText() const;

private:
    void showProgress(const JobProgress &p);
    void showFinished(bool ok, const QString &summary);

    QPointer<Job> m_job;
    QLabel *m_title = nullptr;
    QLabel *m_item = nullptr;
    QLabel *m_stats = nullptr;
    QLabel *m_result = nullptr;
    QProgressBar *m_bar = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_cancel = nullptr;
};

/// "1.2 MiB" style sizes for the GUI.
QString humanBytes(quint64 bytes);

}  // namespace harrier::ui
