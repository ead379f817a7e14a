#pragma once
#include <QStringList>

#include "rules/scan/scan_all.h"
#include "ui/jobs/job.h"

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::ui {

/// Re-scans the whole case with everything enabled — YARA packs, IOC files,
/// the built-in analyzers — through rules::scanAll, the same core call as
/// `harrier-cli scan`: hits replace those of the same pack version and the
/// audit log gets the same entries. Stop ends the scan after the running
/// stage's core call returns; finished stages keep their new hits, the
/// stopped one leaves its earlier hits untouched (core stores nothing when stopped).
class ScanJob : public Job {
    Q_OBJECT
public:
    ScanJob(casestore::CaseDb &db, rules::ScanAllOptions options, QObject *parent = nullptr);
    quint64 hitCount() const { return m_hits; }

    /// Options from the analyst's settings: the given YARA packs, the enabled
    /// IOC files, the thread count, the protected domains and the analyzers
    /// not switched off.
    static rules::ScanAllOptions optionsFromSettings(const QStringList &yaraPaths);

protected:
    Outcome run(std::stop_token stop, ProgressSink &progress) override;

private:
    casestore::CaseDb &m_db;
    rules::ScanAllOptions m_options;
    quint64 m_hits = 0;
};

}  // namespace harrier::ui
