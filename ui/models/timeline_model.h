#pragma once
#include <QAbstractTableModel>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include "casestore/event_query.h"

namespace harrier::ui {

class QueryWorker;

/// The timeline as a table model that never loads the table: it holds the
/// filter's row count, a few 200-row keyset pages (LRU) and the cursors of
/// every page boundary it has seen.
///
/// Windowed: the view sees at most windowSize() rows starting at the
/// absolute row windowStart(), because QTableView/QHeaderView keep per-row
/// structures and announcing 10M rows stalled the GUI for 300 ms. Model rows
/// (rowCount, index, eventAt, ensureLoaded) are window-relative; totalRows,
/// eventAtAbsolute, rowForTimeReady and pageLoaded are absolute. Pages are
/// keyed by absolute row, so moving the window keeps what is loaded. Page queries run on a worker thread;
/// until a page arrives its cells say "loading…". Far jumps use a seek
/// index (cumulative counts per histogram bucket, built in the background
/// after the count) so row N is one short OFFSET inside one bucket away.
/// Sorting is the timeline's own order (time, id) and filtering is SQL.
class TimelineModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Severity, Description, Type, Host, User, Item, Message, Source, EventId, ColumnCount };
    enum Role { EventIdRole = Qt::UserRole + 1, ObjectIdRole, LoadedRole };
    static constexpr int kPageSize = 200;
    /// Rows the view sees at once: large enough that wheel and keyboard
    /// scrolling rarely move the window, small enough that a model reset
    /// (which is what moving it costs) stays a few milliseconds.
    static constexpr int kWindowRows = 50000;

    /// Opens two read-only connections to the case at casePath (pages, and
    /// counts/indexes), each on its own thread.
    explicit TimelineModel(const std::string &casePath, QObject *parent = nullptr);
    ~TimelineModel() override;

    /// Starts a new query: the previous count/index/page queries are cancelled.
    void setFilter(const casestore::EventFilter &filter);
    const casestore::EventFilter &filter() const { return m_filter; }
    /// True once the count for the current filter has arrived.
    bool isCounted() const { return m_counted; }
    bool seekIndexReady() const { return m_indexReady; }
    /// Asks for the first row at or after `time`; answers with rowForTimeReady.
    void requestRowForTime(UtcTime time);
    /// The event at a (window) row when its page is loaded, else nullptr.
    const casestore::EventRow *eventAt(int row) const;
    const casestore::EventRow *eventAtAbsolute(int absoluteRow) const;
    /// Loads the page holding a (window) row (if not already there or on its way).
    void ensureLoaded(int row) const;
    void ensureLoadedAbsolute(int absoluteRow) const;

    /// Rows matching the filter (clamped to INT_MAX); rowCount() is the window's share.
    int totalRows() const { return m_total; }
    int windowStart() const { return m_windowStart; }
    int windowSize() const { return m_windowSize; }
    /// Moves the window so it starts at `absoluteRow` (clamped so it stays
    /// full); resets the model when it moves. The view's scroller calls it.
    void setWindowStart(int absoluteRow);
    /// For tests that need window boundaries on a small case; resets the model.
    void setWindowSize(int rows);
    /// Queries cancelled by a newer filter (for the responsiveness benchmark).
    std::uint64_t cancelledQueries() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString formatUtc(UtcTime t);
    static QString formatLocal(UtcTime t);
    /// One cell as plain text (for copying rows).
    static QString cellText(const casestore::EventRow &row, int column);

signals:
    /// The count for the current filter; msecs since setFilter.
    void counted(quint64 rows, qint64 msecs);
    void seekIndexBuilt(qint64 msecs);
    void pageLoaded(int page);  ///< absolute page (absolute row / kPageSize)
    void rowForTimeReady(int absoluteRow);
    void queryFailed(const QString &message);

private:
    struct Page {
        std::vector<casestore::EventRow> rows;
        std::uint64_t lastUse = 0;
    };
    struct Bucket {
        std::int64_t start = 0;
        std::uint64_t before = 0;  ///< rows of the filter before this bucket
    };

    void requestPage(int page) const;
    void onPage(std::uint64_t gen, int page, std::vector<casestore::EventRow> rows);
    void onCount(std::uint64_t gen, std::uint64_t rows);
    void onIndex(std::uint64_t gen, std::vector<Bucket> buckets);
    void onDropped(std::uint64_t gen, int page);
    void evictPages() const;

    std::unique_ptr<QueryWorker> m_pageWorker;
    std::unique_ptr<QueryWorker> m_scanWorker;
    casestore::EventFilter m_filter;
    std::uint64_t m_generation = 0;
    qint64 m_filterStartedMs = 0;
    int m_total = 0;        ///< rows of the filter (absolute)
    int m_windowStart = 0;  ///< absolute row of model row 0
    int m_windowSize = kWindowRows;
    bool m_counted = false;
    bool m_indexReady = false;
    std::vector<Bucket> m_index;
    std::optional<UtcTime> m_pendingTime;  ///< a jump asked for before the index existed

    // Caches touched from const data(): the view asks, the model fetches.
    mutable std::unordered_map<int, Page> m_pages;
    mutable std::uint64_t m_useClock = 0;
    mutable std::set<int> m_inFlight;
    mutable std::set<int> m_waitingForIndex;
    std::map<int, casestore::EventCursor> m_firstOf, m_lastOf;
};

}  // namespace harrier::ui
