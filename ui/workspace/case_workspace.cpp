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
#include "ui/workspace/coming_view.h"

// The four viewers come from the gui-views branch under a fixed contract;
// until a header is present its tab shows a "coming" placeholder.
#if __has_include("ui/views/timeline_view.h")
#include "ui/views/timeline_view.h"
#define HARRIER_HAVE_TIMELINE 1
#endif
#if __has_include("ui/views/hits_view.h")
#include "ui/views/hits_view.h"
#define HARRIER_HAVE_HITS 1
#endif
#if __has_include("ui/views/email_view.h")
#include "ui/views/email_view.h"
#define HARRIER_HAVE_EMAIL 1
#endif
#if __has_include("ui/views/artifact_view.h")
#include "ui/views/artifact_view.h"
#define HARRIER_HAVE_ARTIFACT 1
#endif

namespace harrier::ui {

namespace {
[[maybe_unused]] QString iso(UtcTime t) { return QString::fromStdString(t.toIso8601()).left(19).replace(QLatin1Char('T'), QLatin1Char(' ')); }
}  // namespace

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

#ifdef HARRIER_HAVE_TIMELINE
    m_timeline = new TimelineView(db, m_tabs);
    m_tabs->addTab(m_timeline, tr("Timeline"));
    connect(m_timeline, &TimelineView::objectActivated, this, &CaseWorkspace::openObject);
    connect(m_timeline, &TimelineView::eventActivated, this,
            [this](qint64 id) { emit eventSelected(id, tr("timeline event")); });
#else
    m_coming[TimelineTab] = new ComingView(tr("Timeline"), tr("Millions of events, filters, search, \u00b1N minutes "
                                                              "around an event."), m_tabs);
    m_tabs->addTab(m_coming[TimelineTab], tr("Timeline"));
#endif
#ifdef HARRIER_HAVE_HITS
    m_hits = new HitsView(db, m_tabs);
    m_tabs->addTab(m_hits, tr("Hits"));
    connect(m_hits, &HitsView::objectActivated, this, &CaseWorkspace::openObject);
    connect(m_hits, &HitsView::eventActivated, this, [this](qint64 id) { showEventMoment(id); });
#else
    m_coming[HitsTab] = new ComingView(tr("Hits"), tr("Rule and analyzer hits with matched strings; jump to the item "
                                                      "and its moment."), m_tabs);
    m_tabs->addTab(m_coming[HitsTab], tr("Hits"));
#endif
#ifdef HARRIER_HAVE_EMAIL
    m_email = new EmailView(db, m_tabs);
    m_tabs->addTab(m_email, tr("Email"));
    connect(m_email, &EmailView::objectActivated, this, &CaseWorkspace::openObject);
#else
    m_coming[EmailTab] = new ComingView(tr("Email"), tr("Headers, hops, authentication, bodies with every remote load "
                                                        "refused, attachments."), m_tabs);
    m_tabs->addTab(m_coming[EmailTab], tr("Email"));
#endif
#ifdef HARRIER_HAVE_ARTIFACT
    m_artifact = new ArtifactView(db, m_tabs);
    m_tabs->addTab(m_artifact, tr("Artifact"));
    connect(m_artifact, &ArtifactView::showEventsRequested, this, &CaseWorkspace::showObjectEvents);
    connect(m_artifact, &ArtifactView::showHitsRequested, this, &CaseWorkspace::showObjectHits);
#else
    m_coming[ArtifactTab] = new ComingView(tr("Artifact"), tr("Metadata, hashes, provenance, text and hex views, "
                                                              "export."), m_tabs);
    m_tabs->addTab(m_coming[ArtifactTab], tr("Artifact"));
#endif
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
#ifdef HARRIER_HAVE_HITS
    m_hits->refresh();
#endif
}

void CaseWorkspace::showTab(Tab tab) { m_tabs->setCurrentIndex(static_cast<int>(tab)); }

CaseWorkspace::Tab CaseWorkspace::currentTab() const { return static_cast<Tab>(m_tabs->currentIndex()); }

QString CaseWorkspace::pendingRequest(Tab tab) const { return m_coming[tab] ? m_coming[tab]->lastRequest() : QString(); }

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
#ifdef HARRIER_HAVE_EMAIL
        m_email->showEmail(objectId);
#else
        m_coming[EmailTab]->showRequest(tr("email %1 \u201c%2\u201d").arg(objectId).arg(QString::fromStdString(o->name)));
#endif
        showTab(EmailTab);
        return;
    }
#ifdef HARRIER_HAVE_ARTIFACT
    m_artifact->showObject(objectId);
#else
    m_coming[ArtifactTab]->showRequest(tr("%1 %2 \u201c%3\u201d").arg(QString::fromStdString(o->kind)).arg(objectId).arg(QString::fromStdString(o->path)));
#endif
    showTab(ArtifactTab);
}

void CaseWorkspace::showObjectEvents(qint64 objectId) {
#ifdef HARRIER_HAVE_TIMELINE
    m_timeline->showObjectEvents(objectId, objectLabel(objectId));
#else
    m_coming[TimelineTab]->showRequest(tr("events of %1").arg(objectLabel(objectId)));
#endif
    showTab(TimelineTab);
}

void CaseWorkspace::showEventMoment(qint64 eventId, int minutes) {
#ifdef HARRIER_HAVE_TIMELINE
    m_timeline->showAround(eventId, minutes);
#else
    m_coming[TimelineTab]->showRequest(tr("\u00b1%1 minutes around event %2").arg(minutes).arg(eventId));
#endif
    showTab(TimelineTab);
}

void CaseWorkspace::setTimeRange(UtcTime from, UtcTime to) {
#ifdef HARRIER_HAVE_TIMELINE
    m_timeline->setTimeRange(from, to);
#else
    m_coming[TimelineTab]->showRequest(from.micros == 0 && to.micros == 0
                                           ? tr("no events for this item")
                                           : tr("events from %1 to %2 UTC").arg(iso(from), iso(to)));
#endif
    showTab(TimelineTab);
}

void CaseWorkspace::showObjectHits(qint64 objectId) {
#ifdef HARRIER_HAVE_HITS
    m_hits->refresh();
    m_hits->showObjectHits(objectId, objectLabel(objectId));
#else
    m_coming[HitsTab]->showRequest(tr("hits on %1").arg(objectLabel(objectId)));
#endif
    showTab(HitsTab);
}

void CaseWorkspace::showHits() {
#ifdef HARRIER_HAVE_HITS
    m_hits->showObjectHits(0, {});
    m_hits->refresh();
#else
    m_coming[HitsTab]->showRequest(tr("all hits"));
#endif
    showTab(HitsTab);
}

}  // namespace harrier::ui
