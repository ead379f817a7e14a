#pragma once
/// What every browser parser does with a history row: one timeline event,
/// the URL and its domain as observables (once per file), and the per-file
/// reconciliation counts (rows seen = rows stored + rows failed).

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>

#include "base/utc_time.h"
#include "ingest/artifact_sink.h"
#include "ingest/parser.h"

namespace harrier::parsers::browser {

class HistoryEmitter {
public:
    HistoryEmitter(const ingest::ItemInput &item, ingest::ArtifactSink &sink) : m_item(item), m_sink(sink) {}

    /// One row with a time: emits the event (or records a failure when the time is absent/invalid).
    void row(std::optional<UtcTime> time, std::string desc, std::string eventType, std::string message,
             const std::string &url);
    /// A second time of the row already counted (download end, bookmark modified).
    void extraEvent(UtcTime time, std::string desc, std::string eventType, std::string message);
    /// A row that yields no event but is kept (a visit with time 0 is still a row).
    void rowWithoutTime(const std::string &what, const std::string &url);
    void failed(const std::string &reason);
    void observeUrl(const std::string &url);
    /// A whole table that could not be read.
    void tableError(const std::string &reason);
    /// Writes the counts; call once at the end.
    void finish();

    std::uint64_t seen() const { return m_seen; }

private:
    const ingest::ItemInput &m_item;
    ingest::ArtifactSink &m_sink;
    std::uint64_t m_seen = 0, m_stored = 0, m_failed = 0;
    std::unordered_set<std::string> m_urls, m_domains;
};

/// WebKit/Chrome time: µs since 1601-01-01 UTC; 0 means "not set".
std::optional<UtcTime> webkitTime(std::int64_t micros);
/// Firefox PRTime: µs since 1970; 0 means "not set".
std::optional<UtcTime> prTime(std::int64_t micros);
/// Safari/Cocoa CFAbsoluteTime: seconds since 2001-01-01 UTC.
std::optional<UtcTime> cfAbsoluteTime(double seconds);

}  // namespace harrier::parsers::browser
