#pragma once
#include <QStringList>

#include <vector>

#include "casestore/records.h"
#include "ui/jobs/job.h"

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::ui {

/// Adds evidence paths to the case through the core Pipeline, as
/// `harrier-cli ingest` does. Cancel deletes the sources it created.
class IngestJob : public Job {
    Q_OBJECT
public:
    IngestJob(casestore::CaseDb &db, QStringList paths, QStringList passwords, QString host,
              QObject *parent = nullptr);
    /// Sources this job created (and, after a cancel, removed again).
    const std::vector<casestore::ObjectId> &sourceIds() const { return m_sourceIds; }

protected:
    Outcome run(std::stop_token stop, ProgressSink &progress) override;

private:
    casestore::CaseDb &m_db;
    QStringList m_paths;
    QStringList m_passwords;
    QString m_host;
    std::vector<casestore::ObjectId> m_sourceIds;
};

}  // namespace harrier::ui
