#include "ui/workspace/case_workspace.h"

#include <QDateTime>
#include <QLabel>
#include <QTabWidget>
#include <QVBoxLayout>

#include "casestore/case_reader.h"
#include "casestore/event_query.h"
#include "casestore/object_query.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/evidence/evidence_view.h"
#include "ui/workspace/case_session.h"
#include "ui/views/artifact_view.h"
#include "ui/views/email_view.h"
#include "ui/views/hits_view.h"
#include "ui/views/timeline_view.h"

namespace harrier::ui {

CaseWorkspace::CaseWorkspace(CaseSession &session, QWidget *parent) : QWidget(parent), m_session(session) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_banner = new QLabel(this);
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(QStringLiteral(
        "QLabel { background: #f6e7a8; color: #3d3200; border: 1px solid #d8c36a; border-radius: 3px; padding: 6px; }"));
    m_banner->setVisible(session.readOnly());
    if (session.readOnly())
        m_banner->setText(tr("<b>Read-only:</b> %1. You can browse and export; ingest, scans and annotations are "
                             "disabled.")
                              .arg(session.readOnlyReason().toHtmlEscaped()));
    layout->addWidget(m_banner);

    casestore::CaseDb &db = session.reader();
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_dashboard = new DashboardView(db, m_tabs);
    m_evidence = new EvidenceView(db, m_tabs);
    m_tabs->addTab(m_dashboard, tr("Dashboard"));
    m_tabs->addTab(m_evidence, tr("Evidence"));

    m_timeline = new TimelineView(db, m_tabs);
    m_tabs->addTab(m_timeline, tr("Timeline"));
    connect(m_timeline, &TimelineView::objectActivated, this, &CaseWorkspace::openObject);
    connect(m_timeline, &TimelineView::eventActivated, this,
            [this](qint64 id) { emit eventSelected(id, tr("timeline event")); });
    m_hits = new HitsView(db, m_tabs);
    m_tabs->addTab(m_hits, tr("Hits"));
    connect(m_hits, &HitsView::objectActivated, this, &CaseWorkspace::openObject);
    connect(m_hits, &HitsView::eventActivated, this, [this](qint64 id) { showEventMoment(id); });
    m_email = new EmailView(db, m_tabs);
    m_tabs->addTab(m_email, tr("Email"));
    connect(m_email, &EmailView::objectActivated, this, &CaseWorkspace::openObject);
    m_artifact = new ArtifactView(db, m_tabs);
    m_tabs->addTab(m_artifact, tr("Artifact"));
    connect(m_artifact, &ArtifactView::showEventsRequested, this, &CaseWorkspace::showObjectEvents);
    connect(m_artifact, &ArtifactView::showHitsRequested, this, &CaseWorkspace::showObjectHits);
    layout->addWidget(m_tabs, 1);

    connect(m_dashboard, &DashboardView::timeRangeSelected, this, &CaseWorkspace::setTimeRange);
    connect(m_dashboard, &DashboardView::objectActivated, this, &CaseWorkspace::openObject);
    connect(m_dashboard, &DashboardView::objectSelected, this,
            [this](qint64 id) { emit objectSelected(id, objectLabel(id)); });
    connect(m_dashboard, &DashboardView::hitsRequested, this, &CaseWorkspace::showHits);
    connect(m_evidence, &EvidenceView::objectActivated, this, &CaseWorkspace::openObject);
    connect(m_evidence, &EvidenceView::objectSelected, this,
            [this](qint64 id) { emit objectSelected(id, objectLabel(id)); });
    connect(m_evidence, &EvidenceView::showEventsRequested, this, &CaseWorkspace::showObjectEvents);
    connect(m_evidence, &EvidenceView::showHitsRequested, this, &CaseWorkspace::showObjectHits);
}

void CaseWorkspace::refresh() {
    m_dashboard->refresh();
    m_evidence->refresh();
    m_hits->refresh();
}

void CaseWorkspace::showTab(Tab tab) { m_tabs->setCurrentIndex(static_cast<int>(tab)); }

CaseWorkspace::Tab CaseWorkspace::currentTab() const { return static_cast<Tab>(m_tabs->currentIndex()); }

QString CaseWorkspace::objectLabel(qint64 id) const {
    auto o = casestore::CaseReader(m_session.reader()).object(id);
    if (!o)
        return {};
    return QStringLiteral("%1: %2").arg(QString::fromStdString(o->kind), QString::fromStdString(o->path.empty() ? o->name : o->path));
}

void CaseWorkspace::openObject(qint64 objectId) {
    auto o = casestore::CaseReader(m_session.reader()).object(objectId);
    if (!o)
        return;
    emit objectSelected(objectId, objectLabel(objectId));
    if (o->kind == "email") {
        m_email->showEmail(objectId);
        showTab(EmailTab);
        return;
    }
    m_artifact->showObject(objectId);
    showTab(ArtifactTab);
}

void CaseWorkspace::showObjectEvents(qint64 objectId) {
    m_timeline->showObjectEvents(objectId, objectLabel(objectId));
    showTab(TimelineTab);
}

void CaseWorkspace::showEventMoment(qint64 eventId, int minutes) {
    m_timeline->showAround(eventId, minutes);
    showTab(TimelineTab);
}

void CaseWorkspace::setTimeRange(UtcTime from, UtcTime to) {
    m_timeline->setTimeRange(from, to);
    showTab(TimelineTab);
}

void CaseWorkspace::showObjectHits(qint64 objectId) {
    m_hits->refresh();
    m_hits->showObjectHits(objectId, objectLabel(objectId));
    showTab(HitsTab);
}

void CaseWorkspace::showHits() {
    m_hits->showObjectHits(0, {});
    m_hits->refresh();
    showTab(HitsTab);
}

}  // namespace harrier::ui
