#pragma once
#include <QWidget>

#include "base/utc_time.h"

class QLabel;
class QTabWidget;

namespace harrier::ui {

class CaseSession;
class DashboardView;
class EvidenceView;
class TimelineView;
class HitsView;
class EmailView;
class ArtifactView;

/// The open case: tabs for Dashboard, Evidence, Timeline, Hits, Email and
/// Artifact, and the routing between them (an email object opens in the
/// email viewer, anything else in the artifact viewer; hits jump to their
/// item and moment). Every view reads through the session's reader.
class CaseWorkspace : public QWidget {
    Q_OBJECT
public:
    enum Tab { DashboardTab, EvidenceTab, TimelineTab, HitsTab, EmailTab, ArtifactTab };

    explicit CaseWorkspace(CaseSession &session, QWidget *parent = nullptr);
    void refresh();
    void showTab(Tab tab);
    Tab currentTab() const;
    QTabWidget *tabs() const { return m_tabs; }
    DashboardView *dashboard() const { return m_dashboard; }
    TimelineView *timeline() const { return m_timeline; }
    HitsView *hitsView() const { return m_hits; }
    EvidenceView *evidence() const { return m_evidence; }
    QLabel *readOnlyBanner() const { return m_banner; }

    /// Routes an object: email → Email tab, anything else → Artifact tab.
    void openObject(qint64 objectId);
    /// The timeline narrowed to the object's own events (EventFilter::objects).
    void showObjectEvents(qint64 objectId);
    void showEventMoment(qint64 eventId, int minutes = 5);
    void setTimeRange(UtcTime from, UtcTime to);
    /// Every item's hits (a per-item filter from before is removed).
    void showHits();
    /// The Hits tab narrowed to one item's hits.
    void showObjectHits(qint64 objectId);

signals:
    void objectSelected(qint64 objectId, const QString &label);
    void eventSelected(qint64 eventId, const QString &label);

private:
    QString objectLabel(qint64 id) const;

    CaseSession &m_session;
    QLabel *m_banner = nullptr;
    QTabWidget *m_tabs = nullptr;
    DashboardView *m_dashboard = nullptr;
    EvidenceView *m_evidence = nullptr;
    TimelineView *m_timeline = nullptr;
    HitsView *m_hits = nullptr;
    EmailView *m_email = nullptr;
    ArtifactView *m_artifact = nullptr;
};

}  // namespace harrier::ui
