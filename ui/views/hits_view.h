#pragma once
#include <QWidget>

class QLabel;
class QLineEdit;
class QComboBox;
class QTableView;
class QTableWidget;
class QPushButton;

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::ui {

class HitsModel;

/// Every rule and analyzer hit: severity, rule, item, explanation and the
/// matched strings with their context. From a hit the analyst jumps to its
/// item (objectActivated) or its moment in the timeline (eventActivated).
class HitsView : public QWidget {
    Q_OBJECT
public:
    explicit HitsView(casestore::CaseDb &db, QWidget *parent = nullptr);
    void refresh();
    HitsModel *model() const { return m_model; }
    /// Only the hits on this item; the "Item: …" button in the bar removes the filter.
    void showObjectHits(qint64 objectId, const QString &label);
    QPushButton *itemFilterButton() const { return m_itemChip; }
    QTableView *table() const { return m_table; }
    /// The event to show in the timeline for a hit row: its own event, else
    /// the first event of its item; 0 when there is none.
    qint64 timelineEventFor(int modelRow) const;

signals:
    void objectActivated(qint64 objectId);
    void eventActivated(qint64 eventId);

private:
    void showDetails();
    int currentRow() const;

    casestore::CaseDb &m_db;
    HitsModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_filter = nullptr;
    QComboBox *m_severity = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_explanation = nullptr;
    QTableWidget *m_strings = nullptr;
    QPushButton *m_openItem = nullptr;
    QPushButton *m_showInTimeline = nullptr;
    QPushButton *m_itemChip = nullptr;
};

}  // namespace harrier::ui
