#pragma once
#include <QWidget>

#include "base/utc_time.h"

class QLabel;
class QTableView;
class QTableWidget;

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::ui {

class ActivityHistogram;
class SourceTableModel;

/// The case at a glance: evidence sources with status and reconciliation,
/// hits by severity, the rules and analyzers that fired most (click one to
/// list its items), and activity over time (brush it to filter the timeline).
class DashboardView : public QWidget {
    Q_OBJECT
public:
    explicit DashboardView(casestore::CaseDb &db, QWidget *parent = nullptr);
    void refresh();

    SourceTableModel *sourceModel() const { return m_sources; }
    QTableWidget *topRules() const { return m_topRules; }
    QTableWidget *ruleItems() const { return m_ruleItems; }
    ActivityHistogram *histogram() const { return m_histogram; }
    /// Hits per band as shown, indexed by SeverityBand (Critical first, base/severity.h).
    QList<quint64> severityCounts() const { return m_severity; }
    /// Lists the items hit by row `row` of the top-rules table.
    void showRuleItems(int row);

signals:
    void timeRangeSelected(harrier::UtcTime from, harrier::UtcTime to);
    void objectActivated(qint64 objectId);
    void objectSelected(qint64 objectId);
    void sourceActivated(qint64 sourceId);
    void hitsRequested();

private:
    QWidget *buildSeverityTiles();
    void refreshHits();
    void refreshHistogram();

    casestore::CaseDb &m_db;
    QLabel *m_header = nullptr;
    QTableView *m_sourceView = nullptr;
    SourceTableModel *m_sources = nullptr;
    QList<QLabel *> m_tiles;
    QList<quint64> m_severity;
    QTableWidget *m_topRules = nullptr;
    QTableWidget *m_ruleItems = nullptr;
    QLabel *m_ruleItemsTitle = nullptr;
    ActivityHistogram *m_histogram = nullptr;
};

}  // namespace harrier::ui
