#pragma once
#include <QString>

#include <memory>

#include "casestore/case_db.h"

namespace harrier::ui {

/// One open case, as two connections: `writer` (read-write, holds the case
/// lock; used by jobs on a pool thread and, when no job runs, for
/// annotations) and `reader` (read-only, used by every view on the GUI
/// thread). The core's connections are single-threaded (SQLITE_OPEN_NOMUTEX),
/// so a job and the views must never share one.
class CaseSession {
public:
    /// Opens read-write when possible, otherwise read-only with the reason.
    /// Read-only when the file is not writable, locked by another writer, or
    /// not the analyst's own case (created by or worked on by someone else).
    static std::unique_ptr<CaseSession> open(const QString &path, const QString &analyst, QString *error);
    static std::unique_ptr<CaseSession> create(const QString &path, const QString &name, const QString &analyst,
                                               QString *error);

    casestore::CaseDb &reader() { return *m_reader; }
    /// nullptr when the case is read-only.
    casestore::CaseDb *writer() { return m_writer.get(); }
    bool readOnly() const { return !m_writer; }
    /// Why the case is read-only ("locked by another process", ...); empty when writable.
    const QString &readOnlyReason() const { return m_readOnlyReason; }
    QString path() const { return QString::fromStdString(m_reader->path()); }
    void setAnalyst(const QString &analyst);

private:
    std::unique_ptr<casestore::CaseDb> m_writer;
    std::unique_ptr<casestore::CaseDb> m_reader;
    QString m_readOnlyReason;
};

}  // namespace harrier::ui
