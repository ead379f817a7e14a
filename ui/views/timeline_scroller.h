#pragma once
#include <QAbstractItemView>
#include <QObject>

class QScrollBar;
class QTableView;

namespace harrier::ui {

class TimelineModel;

/// Scrolls a QTableView over the whole timeline although the model shows it
/// only a window of rows (TimelineModel::windowSize). Its own scroll bar
/// spans the full count; the table's bar (hidden) moves inside the window.
/// When the analyst moves past the window, or near its edge by wheel or
/// keyboard, the window is re-anchored around the new position: a model
/// reset of at most windowSize rows, no SQL on the GUI thread (rows come
/// from the model's pages as always). Home/End go to the real first/last
/// event, not the window's.
class TimelineScroller : public QObject {
    Q_OBJECT
public:
    TimelineScroller(QTableView *table, TimelineModel *model, QScrollBar *bar, QObject *parent = nullptr);

    /// Makes an absolute row visible, moving the window if it must.
    void scrollToAbsolute(int absoluteRow, QAbstractItemView::ScrollHint hint = QAbstractItemView::EnsureVisible);
    /// Moves to an absolute row and makes it the current, selected row.
    void selectAbsolute(int absoluteRow);
    /// The absolute row at the top of the table.
    int topAbsoluteRow() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onBarMoved(int value);
    void onTableScrolled(int value);
    void reanchor(int topAbsolute);
    void updateRange();
    int visibleRows() const;

    QTableView *m_table;
    TimelineModel *m_model;
    QScrollBar *m_bar;
    bool m_syncing = false;       ///< we are moving one bar to follow the other
    bool m_reanchorQueued = false;
};

}  // namespace harrier::ui
