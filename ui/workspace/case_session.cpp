#include "ui/workspace/case_session.h"

#include "casestore/audit_log.h"

#include <QFileInfo>

#include <unistd.h>

namespace harrier::ui {

namespace {
QString msg(const Error &e) { return QString::fromStdString(e.message); }

/// The case's creator when the analyst has no part in it (not its creator, no
/// actions in its audit log); "" when it is theirs or cannot be told.
QString colleagueOwner(const std::string &path, const QString &analyst) {
    auto peek = casestore::CaseDb::open(path, casestore::OpenMode::ReadOnly);
    if (!peek || analyst.isEmpty())
        return {};
    auto mine = casestore::AuditLog(**peek).isAnalystOfCase(analyst.toStdString());
    if (!mine || *mine)
        return {};
    return QString::fromStdString((*peek)->info().createdBy);
}
}  // namespace

std::unique_ptr<CaseSession> CaseSession::open(const QString &path, const QString &analyst, QString *error) {
    auto s = std::unique_ptr<CaseSession>(new CaseSession);
    const QFileInfo fi(path);
    if (!fi.exists()) {
        *error = QObject::tr("%1 does not exist.").arg(path);
        return nullptr;
    }
    const std::string p = fi.absoluteFilePath().toStdString();
    if (!fi.isWritable() || !QFileInfo(fi.absolutePath()).isWritable()) {
        s->m_readOnlyReason = QObject::tr("the case file or its folder is not writable");
    } else if (fi.ownerId() != ::getuid()) {
        // A colleague's case: read it, never change their file behind their back.
        s->m_readOnlyReason = QObject::tr("the case belongs to user %1").arg(fi.owner());
    } else if (const QString owner = colleagueOwner(p, analyst); !owner.isEmpty()) {
        // The same rule as harrier-cli: a colleague's case is read-only by default;
        // bring annotations over from your own copy with `harrier-cli case merge`.
        s->m_readOnlyReason = QObject::tr("the case belongs to %1, not to you (%2)").arg(owner, analyst);
    } else {
        auto rw = casestore::CaseDb::open(p, casestore::OpenMode::ReadWrite);
        if (rw)
            s->m_writer = std::move(*rw);
        else if (rw.error().code == ErrorCode::Locked)
            s->m_readOnlyReason = QObject::tr("another process is writing to it");
        else if (rw.error().code == ErrorCode::SchemaTooNew) {
            *error = msg(rw.error());
            return nullptr;
        } else
            s->m_readOnlyReason = msg(rw.error());
    }
    // With the writer open the WAL file exists, so this opens mode=ro (it
    // sees the writer's commits) rather than immutable.
    auto ro = casestore::CaseDb::open(p, casestore::OpenMode::ReadOnly);
    if (!ro) {
        *error = msg(ro.error());
        return nullptr;
    }
    s->m_reader = std::move(*ro);
    return s;
}

std::unique_ptr<CaseSession> CaseSession::create(const QString &path, const QString &name, const QString &analyst,
                                                 QString *error) {
    auto db = casestore::CaseDb::create(path.toStdString(), name.toStdString(), analyst.toStdString());
    if (!db) {
        *error = msg(db.error());
        return nullptr;
    }
    db->reset();  // reopen through open(): one path for locks and the reader
    return open(path, analyst, error);
}

void CaseSession::setAnalyst(const QString &analyst) {
    if (m_writer && !analyst.isEmpty())
        m_writer->setAnalyst(analyst.toStdString());
}

}  // namespace harrier::ui
