#include "casestore/event_query.h"

#include <sqlite3.h>

#include <algorithm>
#include <functional>

#include "casestore/case_db.h"
#include "casestore/sqlite_util.h"

namespace harrier::casestore {

namespace {

/// WHERE clause text plus the binds it needs, built from a filter.
struct SqlFilter {
    std::string where = "1";
    std::vector<std::function<void(Statement &, int)>> binds;

    void add(const std::string &clause) { where += " AND " + clause; }
    template <typename T>
    void bindValue(T value) {
        binds.push_back([value](Statement &st, int i) { st.bind(i, value); });
    }
    template <typename T>
    void addIn(const std::string &column, const std::vector<T> &values) {
        if (values.empty())
            return;
        std::string clause = column + " IN (";
        for (std::size_t i = 0; i < values.size(); ++i) {
            clause += i ? ",?" : "?";
            bindValue(values[i]);
        }
        add(clause + ")");
    }
    void addTermIn(const std::string &column, const std::vector<std::string> &values) {
        if (values.empty())
            return;
        std::string clause = column + " IN (SELECT id FROM terms WHERE value IN (";
        for (std::size_t i = 0; i < values.size(); ++i) {
            clause += i ? ",?" : "?";
            bindValue(values[i]);
        }
        add(clause + "))");
    }
    int bindAll(Statement &st, int first = 1) const {
        int i = first;
        for (const auto &b : binds)
            b(st, i++);
        return i;
    }
};

// FTS5 treats punctuation as syntax; quote each whitespace-separated word so
// an analyst can type "evil.example.com" or "C:\Windows" and get a phrase.
std::string ftsQuery(const std::string &text) {
    std::string out, word;
    auto flush = [&] {
        if (word.empty())
            return;
        std::string quoted = "\"";
        for (const char c : word)
            quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        out += (out.empty() ? "" : " ") + quoted + "\"";
        word.clear();
    };
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == '\n')
            flush();
        else
            word += c;
    }
    flush();
    return out;
}

SqlFilter buildFilter(const EventFilter &f) {
    SqlFilter s;
    if (f.from) {
        s.add("e.time_us >= ?");
        s.bindValue(f.from->micros);
    }
    if (f.to) {
        s.add("e.time_us < ?");
        s.bindValue(f.to->micros);
    }
    s.addIn("e.source_id", f.sources);
    s.addIn("e.object_id", f.objects);
    s.addTermIn("e.type_id", f.eventTypes);
    s.addTermIn("e.desc_id", f.timestampDescs);
    s.addTermIn("e.host_id", f.hosts);
    s.addTermIn("e.user_id", f.users);
    if (!f.text.empty()) {
        s.add("e.message_id IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ?)");
        s.bindValue(ftsQuery(f.text));
    }
    if (!f.tags.empty()) {
        std::string clause = "EXISTS (SELECT 1 FROM annotations a WHERE a.kind = 'tag' AND a.value IN (";
        for (std::size_t i = 0; i < f.tags.size(); ++i) {
            clause += i ? ",?" : "?";
            s.bindValue(f.tags[i]);
        }
        s.add(clause + ") AND ((a.target_kind = 'event' AND a.target_id = e.id) OR "
                       "(a.target_kind = 'object' AND a.target_id = e.object_id)))");
    }
    if (f.hasHit || f.minSeverity) {
        s.add("EXISTS (SELECT 1 FROM hits h WHERE (h.event_id = e.id OR h.object_id = e.object_id) "
              "AND h.severity >= ?)");
        s.bindValue(static_cast<std::int64_t>(f.minSeverity.value_or(0)));
    }
    return s;
}

constexpr const char *kRowSelect = R"SQL(
SELECT e.id, e.time_us, d.value, t.value, e.source_id, e.object_id, h.value, u.value, m.text, o.path,
       (SELECT max(hh.severity) FROM hits hh WHERE hh.event_id = e.id OR hh.object_id = e.object_id)
FROM events e
JOIN terms d ON d.id = e.desc_id
JOIN terms t ON t.id = e.type_id
LEFT JOIN terms h ON h.id = e.host_id
LEFT JOIN terms u ON u.id = e.user_id
JOIN event_messages m ON m.id = e.message_id
LEFT JOIN objects o ON o.id = e.object_id
)SQL";

EventRow readRow(const Statement &st) {
    EventRow r;
    r.id = st.int64(0);
    r.time = UtcTime{st.int64(1)};
    r.timestampDesc = st.text(2);
    r.eventType = st.text(3);
    r.sourceId = st.optionalInt(4).value_or(0);
    r.objectId = st.optionalInt(5).value_or(0);
    r.host = st.text(6);
    r.user = st.text(7);
    r.message = st.text(8);
    r.objectPath = st.text(9);
    r.maxSeverity = static_cast<int>(st.optionalInt(10).value_or(-1));
    return r;
}

}  // namespace

Result<std::uint64_t> EventQuery::count(const EventFilter &filter) const {
    sqlite3 *db = m_db.handle();
    const SqlFilter f = buildFilter(filter);
    Statement st(db, "SELECT count(*) FROM events e WHERE " + f.where);
    if (!st.valid())
        return makeError(ErrorCode::Database, st.prepareError());
    f.bindAll(st);
    if (!st.step())
        return sqliteError(db, "cannot count events");
    return static_cast<std::uint64_t>(st.int64(0));
}

Result<std::vector<EventRow>> EventQuery::page(const EventFilter &filter, std::optional<EventCursor> cursor,
                                               PageDirection direction, int limit) const {
    sqlite3 *db = m_db.handle();
    SqlFilter f = buildFilter(filter);
    const bool forward = direction == PageDirection::Forward;
    if (cursor) {
        f.add(forward ? "(e.time_us, e.id) > (?, ?)" : "(e.time_us, e.id) < (?, ?)");
        f.bindValue(cursor->time.micros);
        f.bindValue(cursor->id);
    }
    const std::string sql = std::string(kRowSelect) + " WHERE " + f.where +
                            (forward ? " ORDER BY e.time_us, e.id" : " ORDER BY e.time_us DESC, e.id DESC") +
                            " LIMIT ?";
    Statement st(db, sql);
    if (!st.valid())
        return makeError(ErrorCode::Database, st.prepareError());
    const int next = f.bindAll(st);
    st.bind(next, static_cast<std::int64_t>(limit));
    std::vector<EventRow> rows;
    rows.reserve(static_cast<std::size_t>(std::max(limit, 0)));
    while (st.step())
        rows.push_back(readRow(st));
    if (st.failed())
        return sqliteError(db, "cannot read events");
    if (!forward)
        std::reverse(rows.begin(), rows.end());
    return rows;
}

Result<std::vector<EventRow>> EventQuery::pageAt(const EventFilter &filter, std::uint64_t offset, int limit) const {
    sqlite3 *db = m_db.handle();
    const SqlFilter f = buildFilter(filter);
    Statement st(db, std::string(kRowSelect) + " WHERE " + f.where + " ORDER BY e.time_us, e.id LIMIT ? OFFSET ?");
    if (!st.valid())
        return makeError(ErrorCode::Database, st.prepareError());
    const int next = f.bindAll(st);
    st.bind(next, static_cast<std::int64_t>(limit)).bind(next + 1, static_cast<std::int64_t>(offset));
    std::vector<EventRow> rows;
    while (st.step())
        rows.push_back(readRow(st));
    if (st.failed())
        return sqliteError(db, "cannot read events");
    return rows;
}

std::int64_t niceBucketMicros(std::int64_t spanMicros, int maxBuckets) {
    constexpr std::int64_t s = 1'000'000;
    static constexpr std::int64_t kSteps[] = {
        s, 5 * s, 15 * s, 30 * s, 60 * s, 5 * 60 * s, 15 * 60 * s, 30 * 60 * s, 3600 * s, 3 * 3600 * s,
        6 * 3600 * s, 12 * 3600 * s, 86400 * s, 7 * 86400 * s, 30 * 86400 * s, 365 * 86400 * s};
    maxBuckets = std::max(maxBuckets, 1);
    for (const std::int64_t step : kSteps)
        if (spanMicros / step < maxBuckets)
            return step;
    // Beyond a year per bucket: whole years, as many as needed.
    const std::int64_t year = kSteps[std::size(kSteps) - 1];
    return year * (spanMicros / year / maxBuckets + 1);
}

Result<Histogram> EventQuery::histogram(const EventFilter &filter, int maxBuckets) const {
    sqlite3 *db = m_db.handle();
    std::int64_t lo = 0, hi = 0;
    if (filter.from && filter.to) {
        lo = filter.from->micros;
        hi = filter.to->micros;
    } else {
        const SqlFilter f = buildFilter(filter);
        Statement span(db, "SELECT min(e.time_us), max(e.time_us) FROM events e WHERE " + f.where);
        f.bindAll(span);
        if (!span.step() || span.isNull(0))
            return Histogram{};
        lo = filter.from ? filter.from->micros : span.int64(0);
        hi = filter.to ? filter.to->micros : span.int64(1) + 1;
    }
    Histogram h;
    h.bucketMicros = niceBucketMicros(std::max<std::int64_t>(hi - lo, 1), maxBuckets);
    // Align buckets to whole multiples of the width (floor, also for times before 1970).
    const std::int64_t w = h.bucketMicros;
    const std::int64_t base = lo >= 0 ? lo / w * w : -((-lo + w - 1) / w) * w;
    const std::int64_t n = (hi - base + w - 1) / w;
    h.buckets.resize(static_cast<std::size_t>(std::max<std::int64_t>(n, 1)));
    for (std::size_t i = 0; i < h.buckets.size(); ++i)
        h.buckets[i].start = UtcTime{base + static_cast<std::int64_t>(i) * w};

    SqlFilter f = buildFilter(filter);
    f.add("e.time_us >= ? AND e.time_us < ?");
    f.bindValue(lo);
    f.bindValue(hi);
    Statement st(db, "SELECT (e.time_us - ?) / ?, count(*) FROM events e WHERE " + f.where + " GROUP BY 1");
    st.bind(1, base).bind(2, w);
    f.bindAll(st, 3);
    while (st.step()) {
        const std::int64_t idx = st.int64(0);
        if (idx >= 0 && idx < static_cast<std::int64_t>(h.buckets.size()))
            h.buckets[static_cast<std::size_t>(idx)].count = static_cast<std::uint64_t>(st.int64(1));
    }
    if (st.failed())
        return sqliteError(db, "cannot build histogram");
    return h;
}

Result<EventRow> EventQuery::event(EventId id) const {
    sqlite3 *db = m_db.handle();
    Statement st(db, std::string(kRowSelect) + " WHERE e.id = ?");
    st.bind(1, id);
    if (!st.step())
        return st.failed() ? sqliteError(db, "cannot read event")
                           : makeError(ErrorCode::NotFound, "no event " + std::to_string(id));
    return readRow(st);
}

Result<EventFilter> EventQuery::around(EventId id, int minutes, EventFilter base) const {
    auto row = event(id);
    if (!row)
        return row.error();
    const std::int64_t delta = static_cast<std::int64_t>(minutes) * 60 * 1'000'000;
    base.from = UtcTime{row->time.micros - delta};
    base.to = UtcTime{row->time.micros + delta + 1};
    return base;
}

}  // namespace harrier::casestore
