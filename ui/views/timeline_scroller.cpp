#include "ui/views/timeline_scroller.h"

#include <QCoreApplication>
#include <QEvent>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>
#include <QWheelEvent>

#include <algorithm>
#include <cstdlib>

#include "ui/models/timeline_model.h"

namespace harrier::ui {

TimelineScroller::TimelineScroller(QTableView *table, TimelineModel *model, QScrollBar *bar, QObject *parent)
    : QObject(parent), m_table(table), m_model(model), m_bar(bar) {
    // Per item: the table's bar value is the window row at the top, which maps 1:1 onto ours.
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_bar->setSingleStep(1);
    connect(m_bar, &QScrollBar::valueChanged, this, &TimelineScroller::onBarMoved);
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, &TimelineScroller::onTableScrolled);
    connect(m_table->verticalScrollBar(), &QScrollBar::rangeChanged, this, [this] { updateRange(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, &TimelineScroller::updateRange);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &TimelineScroller::updateRange);
    m_table->installEventFilter(this);
    m_table->viewport()->installEventFilter(this);
    updateRange();
}

int TimelineScroller::visibleRows() const {
    const int h = std::max(1, m_table->verticalHeader()->defaultSectionSize());
    return std::max(1, m_table->viewport()->height() / h);
}

int TimelineScroller::topAbsoluteRow() const { return m_model->windowStart() + m_table->verticalScrollBar()->value(); }

void TimelineScroller::updateRange() {
    // Also runs inside reanchor() (model reset), which is syncing already.
    const QScopedValueRollback<bool> syncing(m_syncing, true);
    const int visible = visibleRows();
    m_bar->setRange(0, std::max(0, m_model->totalRows() - visible));
    m_bar->setPageStep(visible);
    m_bar->setValue(topAbsoluteRow());
}

void TimelineScroller::onBarMoved(int value) {
    if (m_syncing)
        return;
    const int inWindow = value - m_model->windowStart();
    QScrollBar *inner = m_table->verticalScrollBar();
    if (inWindow >= 0 && inWindow <= inner->maximum() && inWindow + visibleRows() <= m_model->rowCount())
        inner->setValue(inWindow);  // onTableScrolled re-anchors if this is near the edge
    else
        reanchor(value);
}

void TimelineScroller::onTableScrolled(int value) {
    if (m_syncing)
        return;
    m_syncing = true;
    m_bar->setValue(m_model->windowStart() + value);
    m_syncing = false;
    // Near an edge with more rows beyond it: move the window before the
    // analyst reaches it. Queued, because this runs inside the view's own
    // key/wheel handling and a model reset there would pull its indexes away.
    const int margin = m_model->windowSize() / 4;
    const bool moreAbove = m_model->windowStart() > 0 && value < margin;
    const bool moreBelow = m_model->windowStart() + m_model->rowCount() < m_model->totalRows() &&
                           value + visibleRows() > m_model->rowCount() - margin;
    if ((moreAbove || moreBelow) && !m_reanchorQueued) {
        m_reanchorQueued = true;
        QTimer::singleShot(0, this, [this] {
            m_reanchorQueued = false;
            reanchor(topAbsoluteRow());
        });
    }
}

void TimelineScroller::reanchor(int topAbsolute) {
    const int oldStart = m_model->windowStart();
    const int newStart = std::max(0, topAbsolute - m_model->windowSize() / 2);
    // The selection and current row are window rows: carry them over as
    // absolute rows (what falls outside the new window is dropped).
    QList<QPair<int, int>> selected;
    for (const QItemSelectionRange &r : m_table->selectionModel()->selection())
        selected.append({oldStart + r.top(), oldStart + r.bottom()});
    const QModelIndex current = m_table->currentIndex();
    const int currentAbs = current.isValid() ? oldStart + current.row() : -1;
    const int currentColumn = current.isValid() ? current.column() : 0;

    m_syncing = true;
    m_model->setWindowStart(newStart);
    m_table->doItemsLayout();  // the table's bar range follows the new row count now, not on the next paint
    const int start = m_model->windowStart(), rows = m_model->rowCount();
    if (start != oldStart) {
        QItemSelection restored;
        for (const auto &[top, bottom] : selected) {
            const int a = std::max(top, start) - start, b = std::min(bottom, start + rows - 1) - start;
            if (a <= b)
                restored.select(m_model->index(a, 0), m_model->index(b, TimelineModel::ColumnCount - 1));
        }
        m_table->selectionModel()->select(restored, QItemSelectionModel::ClearAndSelect);
        if (currentAbs >= start && currentAbs < start + rows)
            m_table->selectionModel()->setCurrentIndex(m_model->index(currentAbs - start, currentColumn),
                                                       QItemSelectionModel::NoUpdate);
    }
    m_table->verticalScrollBar()->setValue(topAbsolute - start);
    m_bar->setValue(start + m_table->verticalScrollBar()->value());
    m_syncing = false;
}

void TimelineScroller::scrollToAbsolute(int absoluteRow, QAbstractItemView::ScrollHint hint) {
    if (m_model->totalRows() == 0)
        return;
    absoluteRow = std::clamp(absoluteRow, 0, m_model->totalRows() - 1);
    const int row = absoluteRow - m_model->windowStart();
    if (row < 0 || row >= m_model->rowCount())
        reanchor(std::max(0, absoluteRow - visibleRows() / 2));
    m_table->scrollTo(m_model->index(absoluteRow - m_model->windowStart(), TimelineModel::Time), hint);
}

void TimelineScroller::selectAbsolute(int absoluteRow) {
    if (m_model->totalRows() == 0)
        return;
    scrollToAbsolute(absoluteRow);
    const int row = std::clamp(absoluteRow, 0, m_model->totalRows() - 1) - m_model->windowStart();
    const int column = m_table->currentIndex().isValid() ? m_table->currentIndex().column() : TimelineModel::Time;
    m_table->selectionModel()->setCurrentIndex(m_model->index(row, column),
                                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

bool TimelineScroller::eventFilter(QObject *watched, QEvent *event) {
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        QTimer::singleShot(0, this, &TimelineScroller::updateRange);
    if (watched == m_table->viewport() && event->type() == QEvent::Wheel) {
        // Vertical wheel turns go to the full-count bar (which moves the table
        // and the window); the table's own bar is hidden and window-bound.
        const auto *wheel = static_cast<QWheelEvent *>(event);
        if (std::abs(wheel->angleDelta().y()) > std::abs(wheel->angleDelta().x()))
            return QCoreApplication::sendEvent(m_bar, event);
    }
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        // The view's own Home/End stop at the window's ends; these are the timeline's.
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Home || key->key() == Qt::Key_End) {
            selectAbsolute(key->key() == Qt::Key_Home ? 0 : m_model->totalRows() - 1);
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

}  // namespace harrier::ui
