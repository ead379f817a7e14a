#include "ui/jobs/progress_panel.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include "ui/jobs/job.h"

namespace harrier::ui {

QString humanBytes(quint64 bytes) {
    static const char *kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1024.0 && u < 4) {
        v /= 1024.0;
        ++u;
    }
    return u == 0 ? QStringLiteral("%1 B").arg(bytes)
                  : QStringLiteral("%1 %2").arg(v, 0, 'f', v < 10 ? 1 : 0).arg(QLatin1String(kUnits[u]));
}

ProgressPanel::ProgressPanel(QWidget *parent) : QWidget(parent) {
    auto *grid = new QGridLayout(this);
    m_title = new QLabel(tr("No job running."), this);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_item = new QLabel(this);
    // Evidence paths can be very long: elide rather than widen the dock.
    m_item->setMinimumWidth(100);
    m_item->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_item->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stats = new QLabel(this);
    m_result = new QLabel(this);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_bar = new QProgressBar(this);
    m_bar->setRange(0, 0);
    m_bar->setVisible(false);
    m_stop = new QPushButton(tr("Stop"), this);
    m_stop->setToolTip(tr("Stop now and keep what was done (the source is marked partial)"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setToolTip(tr("Stop and roll back: remove everything this job added"));
    m_stop->setEnabled(false);
    m_cancel->setEnabled(false);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_bar, 1);
    buttons->addStretch(0);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_cancel);
    m_stop->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_cancel->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_bar->setMinimumWidth(240);
    grid->addWidget(m_title, 0, 0);
    grid->addWidget(m_stats, 1, 0);
    grid->addWidget(m_item, 2, 0);
    grid->addLayout(buttons, 3, 0);
    grid->addWidget(m_result, 4, 0);
    grid->setRowStretch(5, 1);
    connect(m_stop, &QPushButton::clicked, this, [this] {
        if (m_job)
            m_job->requestStop();
        m_stop->setEnabled(false);
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_job)
            m_job->requestCancel();
        m_stop->setEnabled(false);
        m_cancel->setEnabled(false);
    });
}

void ProgressPanel::track(Job *job) {
    if (m_job)
        disconnect(m_job, nullptr, this, nullptr);
    m_job = job;
    m_result->clear();
    m_stats->clear();
    m_item->clear();
    if (!job) {
        m_title->setText(tr("No job running."));
        m_bar->setVisible(false);
        m_stop->setEnabled(false);
        m_cancel->setEnabled(false);
        return;
    }
    m_title->setText(tr("%1: starting\u2026").arg(job->title()));
    m_bar->setRange(0, 0);
    m_bar->setVisible(true);
    m_stop->setEnabled(true);
    m_cancel->setEnabled(true);
    connect(job, &Job::progressed, this, &ProgressPanel::showProgress);
    connect(job, &Job::finished, this, &ProgressPanel::showFinished);
}

QString ProgressPanel::statsText() const { return m_stats->text(); }

void ProgressPanel::showProgress(const JobProgress &p) {
    m_title->setText(tr("%1: %2").arg(m_job ? m_job->title() : QString(), p.stage));
    const double secs = std::max(p.elapsedSeconds, 0.001);
    const double rate = static_cast<double>(p.bytes) / secs;
    QString stats = tr("%L1 items \u00b7 %2 \u00b7 %3/s \u00b7 %4 s")
                        .arg(p.items)
                        .arg(humanBytes(p.bytes), humanBytes(static_cast<quint64>(rate)))
                        .arg(p.elapsedSeconds, 0, 'f', 1);
    if (p.totalBytes > 0 && rate > 0) {
        const double left = static_cast<double>(p.totalBytes > p.bytes ? p.totalBytes - p.bytes : 0) / rate;
        stats += tr(" \u00b7 ETA %1 s").arg(left, 0, 'f', 0);
        m_bar->setRange(0, 1000);
        m_bar->setValue(static_cast<int>(1000.0 * static_cast<double>(p.bytes) / static_cast<double>(p.totalBytes)));
    } else {
        stats += tr(" \u00b7 ETA unknown");
    }
    m_stats->setText(stats);
    m_item->setText(m_item->fontMetrics().elidedText(p.item, Qt::ElideMiddle, std::max(100, m_item->width())));
    m_item->setToolTip(p.item);
}

void ProgressPanel::showFinished(bool ok, const QString &summary) {
    m_title->setText(tr("%1: %2").arg(m_job ? m_job->title() : QString(), ok ? tr("done") : tr("ended")));
    m_bar->setRange(0, 1);
    m_bar->setValue(1);
    m_stop->setEnabled(false);
    m_cancel->setEnabled(false);
    m_result->setText(summary);
}

}  // namespace harrier::ui
