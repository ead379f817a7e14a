#pragma once
/// Timeline queries: filters, counts, keyset pages in both directions,
/// histograms and "around this event". The GUI's timeline model and the
/// CLI's exports both page through this; nothing ever loads the whole table.

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "casestore/records.h"

namespace harrier::casestore {

class CaseDb;

struct EventFilter {
    std::optional<UtcTime> from;  ///< inclusive
    std::optional<UtcTime> to;    ///< exclusive
    std::vector<ObjectId> sources;
    /// Events of exactly these objects ("show this item's events"); not their descendants.
    std::vector<ObjectId> objects;
    std::vector<std::string> eventTypes;
    std::vector<std::string> timestampDescs;
    std::vector<std::string> hosts;
    std::vector<std::string> users;
    std::string text;  ///< FTS5 query over messages (terms are ANDed)
    std::vector<std::string> tags;
    bool hasHit = false;
    std::optional<int> minSeverity;  ///< implies hasHit
};

struct EventRow {
    EventId id = 0;
    UtcTime time;
    std::string timestampDesc;
    std::string eventType;
    ObjectId sourceId = 0;
    ObjectId objectId = 0;
    std::string host;
    std::string user;
    std::string message;
    std::string objectPath;
    int maxSeverity = -1;  ///< highest hit severity on the event or its object; -1 none
};

/// A position in time order; pages start strictly after/before it.
struct EventCursor {
    UtcTime time;
    EventId id = 0;
};

enum class PageDirection { Forward, Backward };

struct HistogramBucket {
    UtcTime start;
    std::uint64_t count = 0;
};

struct Histogram {
    std::int64_t bucketMicros = 0;
    std::vector<HistogramBucket> buckets;  ///< contiguous, empty buckets included
};

class EventQuery {
public:
    explicit EventQuery(const CaseDb &db) : m_db(db) {}

    Result<std::uint64_t> count(const EventFilter &filter) const;
    /// Rows in ascending time order. Forward: after `after` (or from the
    /// start); Backward: the `limit` rows just before `before` (or the end).
    Result<std::vector<EventRow>> page(const EventFilter &filter, std::optional<EventCursor> cursor,
                                       PageDirection direction, int limit) const;
    /// Buckets of a "nice" width (1 s ... 1 year) giving at most maxBuckets
    /// over the filter's range, or over the matching events' span.
    Result<Histogram> histogram(const EventFilter &filter, int maxBuckets = 100) const;
    /// The filter narrowed to ±minutes around one event.
    Result<EventFilter> around(EventId id, int minutes, EventFilter base = {}) const;
    Result<EventRow> event(EventId id) const;
    /// Rows [offset, offset + limit) of the filter in time order. OFFSET walks
    /// the index, so callers first narrow `filter.from` to a histogram bucket
    /// (the GUI timeline seeks to row N this way) to keep the walk short.
    Result<std::vector<EventRow>> pageAt(const EventFilter &filter, std::uint64_t offset, int limit) const;

private:
    const CaseDb &m_db;
};

/// Smallest "nice" bucket width that covers span with at most maxBuckets.
std::int64_t niceBucketMicros(std::int64_t spanMicros, int maxBuckets);

}  // namespace harrier::casestore
