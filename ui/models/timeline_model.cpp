#include "ui/models/timeline_model.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QTimeZone>

#include <algorithm>
#include <climits>

#include "casestore/case_db.h"
#include "ui/models/query_worker.h"
#include "ui/widgets/severity_colors.h"

namespace harrier::ui {

using casestore::EventCursor;
using casestore::EventFilter;
using casestore::EventQuery;
using casestore::EventRow;
using casestore::PageDirection;

namespace {
// ~20 pages on screen at most even on a tall monitor; 64 keeps scrolling
// back and forth cheap without holding more than ~13k rows.
constexpr std::size_t kMaxPages = 64;
// Buckets for the seek index: with ~4k buckets a 10M-event case has ~2.5k
// events per bucket, so the OFFSET walk inside one is a millisecond.
constexpr int kIndexBuckets = 4096;

qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }
}  // namespace

TimelineModel::TimelineModel(const std::string &casePath, QObject *parent)
    : QAbstractTableModel(parent),
      m_pageWorker(std::make_unique<QueryWorker>(casePath, 6)),
      m_scanWorker(std::make_unique<QueryWorker>(casePath, 4)) {}

TimelineModel::~TimelineModel() = default;

std::uint64_t TimelineModel::cancelledQueries() const {
    return m_pageWorker->interruptedJobs() + m_scanWorker->interruptedJobs();
}

void TimelineModel::setFilter(const EventFilter &filter) {
    const std::uint64_t gen = ++m_generation;
    m_pageWorker->setGeneration(gen);
    m_scanWorker->setGeneration(gen);
    beginResetModel();
    m_filter = filter;
    m_total = 0;
    m_windowStart = 0;
    m_counted = false;
    m_indexReady = false;
    m_index.clear();
    m_pendingTime.reset();
    m_pages.clear();
    m_inFlight.clear();
    m_waitingForIndex.clear();
    m_firstOf.clear();
    m_lastOf.clear();
    endResetModel();
    m_filterStartedMs = nowMs();

    QueryWorker *scan = m_scanWorker.get();
    // Count first (the view can show rows as soon as it knows how many),
    // then the seek index, in the same worker so they never compete.
    scan->post({gen,
                [this, scan, gen, filter](casestore::CaseDb &db) {
                    auto n = EventQuery(db).count(filter);
                    if (scan->cancelled(gen)) {
                        scan->noteInterrupted();
                        return;
                    }
                    if (!n) {
                        QMetaObject::invokeMethod(this, [this, msg = n.error().message] {
                            emit queryFailed(QString::fromStdString(msg));
                        }, Qt::QueuedConnection);
                        return;
                    }
                    QMetaObject::invokeMethod(this, [this, gen, c = *n] { onCount(gen, c); }, Qt::QueuedConnection);
                    auto h = EventQuery(db).histogram(filter, kIndexBuckets);
                    if (scan->cancelled(gen)) {
                        scan->noteInterrupted();
                        return;
                    }
                    if (!h)
                        return;  // far jumps then walk from anchors only; nothing is wrong with the rows
                    std::vector<Bucket> buckets;
                    buckets.reserve(h->buckets.size());
                    std::uint64_t before = 0;
                    for (const auto &b : h->buckets) {
                        buckets.push_back({b.start.micros, before});
                        before += b.count;
                    }
                    QMetaObject::invokeMethod(this, [this, gen, b = std::move(buckets)]() mutable {
                        onIndex(gen, std::move(b));
                    }, Qt::QueuedConnection);
                },
                {}});
}

void TimelineModel::onCount(std::uint64_t gen, std::uint64_t rows) {
    if (gen != m_generation)
        return;
    // QTableView addresses rows with int; beyond 2^31 events the tail is
    // reachable through filters and "jump to time", not by scrolling.
    const int n = static_cast<int>(std::min<std::uint64_t>(rows, INT_MAX));
    if (n > 0) {
        // Only the window is announced to the view; that is the point of it.
        beginInsertRows({}, 0, std::min(n, m_windowSize) - 1);
        m_total = n;
        m_windowStart = 0;
        m_counted = true;
        endInsertRows();
    } else {
        m_counted = true;
    }
    emit counted(rows, nowMs() - m_filterStartedMs);
}

void TimelineModel::onIndex(std::uint64_t gen, std::vector<Bucket> buckets) {
    if (gen != m_generation)
        return;
    m_index = std::move(buckets);
    m_indexReady = true;
    emit seekIndexBuilt(nowMs() - m_filterStartedMs);
    const std::set<int> waiting = std::move(m_waitingForIndex);
    m_waitingForIndex.clear();
    for (int p : waiting)
        requestPage(p);
    if (m_pendingTime) {
        const UtcTime t = *m_pendingTime;
        m_pendingTime.reset();
        requestRowForTime(t);
    }
}

void TimelineModel::requestRowForTime(UtcTime time) {
    if (!m_counted) {
        m_pendingTime = time;
        return;
    }
    EventFilter f = m_filter;
    std::uint64_t before = 0;
    if (m_indexReady && !m_index.empty()) {
        // Count only inside the bucket holding `time`; the buckets before it are summed already.
        auto it = std::upper_bound(m_index.begin(), m_index.end(), time.micros,
                                   [](std::int64_t t, const Bucket &b) { return t < b.start; });
        if (it != m_index.begin()) {
            --it;
            before = it->before;
            f.from = UtcTime{std::max(it->start, m_filter.from ? m_filter.from->micros : it->start)};
        }
    }
    if (!f.to || time < *f.to)
        f.to = time;
    const std::uint64_t gen = m_generation;
    QueryWorker *scan = m_scanWorker.get();
    scan->post({gen,
                [this, scan, gen, f, before](casestore::CaseDb &db) {
                    auto n = EventQuery(db).count(f);
                    if (scan->cancelled(gen) || !n)
                        return;
                    const std::uint64_t row = before + *n;
                    QMetaObject::invokeMethod(this, [this, gen, row] {
                        if (gen == m_generation)
                            emit rowForTimeReady(static_cast<int>(std::min<std::uint64_t>(row, INT_MAX)));
                    }, Qt::QueuedConnection);
                },
                {}});
}

void TimelineModel::setWindowStart(int absoluteRow) {
    const int start = std::clamp(absoluteRow, 0, std::max(0, m_total - m_windowSize));
    if (start == m_windowStart)
        return;
    beginResetModel();
    m_windowStart = start;
    endResetModel();
}

void TimelineModel::setWindowSize(int rows) {
    beginResetModel();
    m_windowSize = std::max(1, rows);
    m_windowStart = std::clamp(m_windowStart, 0, std::max(0, m_total - m_windowSize));
    endResetModel();
}

void TimelineModel::ensureLoaded(int row) const {
    if (row >= 0 && row < rowCount())
        ensureLoadedAbsolute(m_windowStart + row);
}

void TimelineModel::ensureLoadedAbsolute(int absoluteRow) const {
    if (absoluteRow < 0 || absoluteRow >= m_total)
        return;
    const int page = absoluteRow / kPageSize;
    if (!m_pages.count(page))
        requestPage(page);
}

void TimelineModel::requestPage(int page) const {
    if (m_inFlight.count(page) || m_pages.count(page))
        return;
    const int first = page * kPageSize;
    const int limit = std::min(kPageSize, m_total - first);
    if (limit <= 0)
        return;
    const int lastPage = (m_total - 1) / kPageSize;
    const EventFilter filter = m_filter;
    // Plan on the GUI thread (it owns the anchors); run on the worker.
    std::function<Result<std::vector<EventRow>>(const EventQuery &)> plan;
    if (page == 0) {
        plan = [filter, limit](const EventQuery &q) { return q.page(filter, std::nullopt, PageDirection::Forward, limit); };
    } else if (auto prev = m_lastOf.find(page - 1); prev != m_lastOf.end()) {
        plan = [filter, limit, c = prev->second](const EventQuery &q) { return q.page(filter, c, PageDirection::Forward, limit); };
    } else if (auto nx = m_firstOf.find(page + 1); nx != m_firstOf.end()) {
        plan = [filter, limit, c = nx->second](const EventQuery &q) { return q.page(filter, c, PageDirection::Backward, limit); };
    } else if (page == lastPage) {
        plan = [filter, limit](const EventQuery &q) { return q.page(filter, std::nullopt, PageDirection::Backward, limit); };
    } else if (m_indexReady && !m_index.empty()) {
        const std::uint64_t target = static_cast<std::uint64_t>(first);
        auto it = std::upper_bound(m_index.begin(), m_index.end(), target,
                                   [](std::uint64_t r, const Bucket &b) { return r < b.before; });
        --it;  // the first bucket has before == 0, so it exists
        EventFilter f = filter;
        f.from = UtcTime{std::max(it->start, filter.from ? filter.from->micros : it->start)};
        plan = [f, limit, offset = target - it->before](const EventQuery &q) { return q.pageAt(f, offset, limit); };
    } else {
        m_waitingForIndex.insert(page);
        return;
    }
    m_inFlight.insert(page);
    const std::uint64_t gen = m_generation;
    auto *self = const_cast<TimelineModel *>(this);
    m_pageWorker->post({gen,
                        [self, gen, page, plan](casestore::CaseDb &db) {
                            auto rows = plan(EventQuery(db));
                            std::vector<EventRow> out = rows ? std::move(*rows) : std::vector<EventRow>{};
                            QMetaObject::invokeMethod(self, [self, gen, page, r = std::move(out)]() mutable {
                                self->onPage(gen, page, std::move(r));
                            }, Qt::QueuedConnection);
                        },
                        [self, gen, page] {
                            QMetaObject::invokeMethod(self, [self, gen, page] { self->onDropped(gen, page); },
                                                      Qt::QueuedConnection);
                        }});
}

void TimelineModel::onDropped(std::uint64_t gen, int page) {
    if (gen == m_generation)
        m_inFlight.erase(page);  // asked again if it comes back on screen
}

void TimelineModel::onPage(std::uint64_t gen, int page, std::vector<EventRow> rows) {
    if (gen != m_generation)
        return;
    m_inFlight.erase(page);
    if (rows.empty())
        return;
    m_firstOf[page] = {rows.front().time, rows.front().id};
    m_lastOf[page] = {rows.back().time, rows.back().id};
    // Absolute rows of the page, then the part of them inside the window.
    const int first = std::max(page * kPageSize, m_windowStart);
    const int last = std::min({page * kPageSize + static_cast<int>(rows.size()), m_total, m_windowStart + rowCount()}) - 1;
    m_pages[page] = Page{std::move(rows), ++m_useClock};
    evictPages();
    if (last >= first)
        emit dataChanged(index(first - m_windowStart, 0), index(last - m_windowStart, ColumnCount - 1));
    emit pageLoaded(page);
}

void TimelineModel::evictPages() const {
    while (m_pages.size() > kMaxPages) {
        auto oldest = std::min_element(m_pages.begin(), m_pages.end(),
                                       [](const auto &a, const auto &b) { return a.second.lastUse < b.second.lastUse; });
        m_pages.erase(oldest);
    }
}

const EventRow *TimelineModel::eventAt(int row) const {
    if (row < 0 || row >= rowCount())
        return nullptr;
    return eventAtAbsolute(m_windowStart + row);
}

const EventRow *TimelineModel::eventAtAbsolute(int absoluteRow) const {
    if (absoluteRow < 0 || absoluteRow >= m_total)
        return nullptr;
    auto it = m_pages.find(absoluteRow / kPageSize);
    if (it == m_pages.end())
        return nullptr;
    const auto offset = static_cast<std::size_t>(absoluteRow % kPageSize);
    if (offset >= it->second.rows.size())
        return nullptr;
    it->second.lastUse = ++m_useClock;
    return &it->second.rows[offset];
}

int TimelineModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() || !m_counted ? 0 : std::clamp(m_total - m_windowStart, 0, m_windowSize);
}
int TimelineModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString TimelineModel::formatUtc(UtcTime t) {
    // Milliseconds are enough to read; the tooltip has the full microseconds.
    return QDateTime::fromMSecsSinceEpoch(t.micros / 1000, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString TimelineModel::formatLocal(UtcTime t) {
    return QDateTime::fromMSecsSinceEpoch(t.micros / 1000, QTimeZone::systemTimeZone())
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz t"));
}

QString TimelineModel::cellText(const EventRow &r, int column) {
    switch (column) {
    case Time: return formatUtc(r.time);
    case Description: return QString::fromStdString(r.timestampDesc);
    case Type: return QString::fromStdString(r.eventType);
    case Host: return QString::fromStdString(r.host);
    case User: return QString::fromStdString(r.user);
    case Message: return QString::fromStdString(r.message);
    case Item: return QString::fromStdString(r.objectPath);
    case Severity: return r.maxSeverity >= 0 ? QString::number(r.maxSeverity) : QString();
    case Source: return r.sourceId ? QString::number(r.sourceId) : QString();
    case EventId: return QString::number(r.id);
    default: return {};
    }
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const EventRow *r = eventAt(index.row());
    if (!r) {
        requestPage((m_windowStart + index.row()) / kPageSize);
        if (role == Qt::DisplayRole && index.column() == Time)
            return tr("loading\u2026");
        if (role == Qt::ForegroundRole)
            return QBrush(QColor(0x80, 0x80, 0x80));
        if (role == LoadedRole)
            return false;
        return {};
    }
    switch (role) {
    case Qt::DisplayRole: {
        if (index.column() == Message) {
            // One line per row (fixed heights); the tooltip has the whole text.
            QString m = QString::fromStdString(r->message.substr(0, 1000));
            m.replace(QLatin1Char('\n'), QLatin1Char(' '));
            return m;
        }
        return cellText(*r, index.column());
    }
    case Qt::ToolTipRole:
        if (index.column() == Time)
            return tr("UTC: %1\nLocal: %2").arg(QString::fromStdString(r->time.toIso8601()), formatLocal(r->time));
        if (index.column() == Message || index.column() == Item)
            return cellText(*r, index.column()).left(4000);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Severity || index.column() == Source || index.column() == EventId)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::BackgroundRole:
        if (index.column() == Severity && r->maxSeverity >= 0) {
            return QBrush(bandBackground(severityBand(r->maxSeverity)));
        }
        return {};
    case EventIdRole: return QVariant::fromValue<qint64>(r->id);
    case ObjectIdRole: return QVariant::fromValue<qint64>(r->objectId);
    case LoadedRole: return true;
    default: return {};
    }
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    static const char *kHeaders[] = {"Time (UTC)", "Sev.", "Description", "Type", "Host",
                                     "User", "Item", "Message", "Source", "Event id"};
    if (role == Qt::DisplayRole && section >= 0 && section < ColumnCount)
        return QString::fromUtf8(kHeaders[section]);
    if (role == Qt::ToolTipRole && section == Time)
        return tr("Times are UTC; hover a time for the local time");
    if (role == Qt::ToolTipRole && section == Severity)
        return tr("Highest severity of the rule hits on the event or its item");
    return {};
}

}  // namespace harrier::ui
