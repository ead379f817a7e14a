#pragma once
#include <QWidget>

#include <optional>

#include "casestore/event_query.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollBar;
class QSpinBox;
class QTableView;
class QTimer;

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::ui {

class TimelineModel;
class TimelineScroller;

/// The case's single timeline: filter bar, full-text search, jump to a
/// time, "±N minutes around this event", column chooser, copy as CSV/TSV.
/// Rows come from TimelineModel (keyset pages on a worker thread) through a
/// window the TimelineScroller moves over the full count.
class TimelineView : public QWidget {
    Q_OBJECT
public:
    explicit TimelineView(casestore::CaseDb &db, QWidget *parent = nullptr);
    ~TimelineView() override;

    void setFilter(const casestore::EventFilter &filter);
    /// Narrows the timeline to ±minutes around one event and selects it.
    void showAround(qint64 eventId, int minutes);
    void setTimeRange(UtcTime from, UtcTime to);
    /// Only this item's events (EventFilter::objects), all times; label names it in the filter bar.
    void showObjectEvents(qint64 objectId, const QString &label = {});
    /// The "Item: …" button that removes the item filter (tests).
    QPushButton *itemFilterButton() const { return m_itemChip; }
    /// Scrolls to the first event at or after `time` under the current filter.
    void jumpToTime(UtcTime time);

    TimelineModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    /// The bar over the whole timeline (the table's own moves inside the model's window).
    QScrollBar *scrollBar() const { return m_scrollBar; }
    TimelineScroller *scroller() const { return m_scroller; }
    /// Selected loaded rows as CSV (RFC 4180) or TSV, with a header line.
    QString selectedRowsText(QChar separator) const;

signals:
    void objectActivated(qint64 objectId);
    void eventActivated(qint64 eventId);

private:
    void buildFilterBar();
    void applyFilterFromWidgets();
    void showFilterInWidgets(const casestore::EventFilter &filter);
    void onCounted(quint64 rows, qint64 msecs);
    void onRowForTime(int row);
    void onPageLoaded(int page);
    void activate(const QModelIndex &index);
    void showContextMenu(const QPoint &pos);
    void showColumnMenu(const QPoint &globalPos);
    void copySelection(QChar separator);
    void aroundSelected();
    void jumpFromWidget();
    void setDefaultColumnWidths();

    casestore::CaseDb &m_db;
    TimelineModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QScrollBar *m_scrollBar = nullptr;
    TimelineScroller *m_scroller = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_source = nullptr;
    QLineEdit *m_type = nullptr;
    QLineEdit *m_host = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_tag = nullptr;
    QComboBox *m_severity = nullptr;
    QLineEdit *m_from = nullptr;
    QLineEdit *m_to = nullptr;
    QLineEdit *m_jump = nullptr;
    QSpinBox *m_minutes = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_itemChip = nullptr;
    std::vector<casestore::ObjectId> m_objects;  ///< the item filter, which no line edit shows
    QString m_objectLabel;
    QTimer *m_searchDelay = nullptr;
    std::optional<qint64> m_pendingSelect;  ///< event to select once its row is loaded
    std::optional<int> m_pendingRow;
    bool m_updatingWidgets = false;
};

}  // namespace harrier::ui
