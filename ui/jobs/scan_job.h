#pragma once
#include <QStringList>

#include "ui/jobs/job.h"

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::ui {

/// Re-scans the whole case with the enabled YARA rule packs, as
/// `harrier-cli scan --yara` does: hits replace those of the same pack
/// version. The core scan returns nothing when stopped, so Stop and Cancel
/// both leave the earlier hits untouched.
class ScanJob : public Job {
    Q_OBJECT
public:
    ScanJob(casestore::CaseDb &db, QStringList yaraPaths, int threads, QObject *parent = nullptr);
    quint64 hitCount() const { return m_hits; }

protected:
    Outcome run(std::stop_token stop, ProgressSink &progress) override;

private:
    casestore::CaseDb &m_db;
    QStringList m_yaraPaths;
    int m_threads;
    quint64 m_hits = 0;
};

}  // namespace harrier::ui
