#include "history_emitter.h"

#include <cmath>

#include "parsers/support/text_util.h"

namespace harrier::parsers::browser {

namespace {
// Beyond year ~9999 or before 1601 a value is garbage, not a time.
constexpr std::int64_t kMaxMicros = 253402300799LL * 1'000'000;
constexpr std::int64_t kMinMicros = -11644473600LL * 1'000'000;
constexpr std::int64_t kWebkitEpochOffset = 11644473600LL * 1'000'000;
constexpr double kCocoaEpochOffset = 978307200.0;

std::optional<UtcTime> checked(std::int64_t micros) {
    if (micros < kMinMicros || micros > kMaxMicros)
        return std::nullopt;
    return UtcTime{micros};
}
}  // namespace

std::optional<UtcTime> webkitTime(std::int64_t micros) {
    if (micros <= 0 || micros > kMaxMicros + kWebkitEpochOffset)
        return std::nullopt;
    return checked(micros - kWebkitEpochOffset);
}

std::optional<UtcTime> prTime(std::int64_t micros) {
    if (micros == 0)
        return std::nullopt;
    return checked(micros);
}

std::optional<UtcTime> cfAbsoluteTime(double seconds) {
    if (!std::isfinite(seconds) || seconds == 0.0 || std::fabs(seconds) > 1e11)
        return std::nullopt;
    return checked(static_cast<std::int64_t>(std::llround((seconds + kCocoaEpochOffset) * 1e6)));
}

void HistoryEmitter::observeUrl(const std::string &url) {
    if (url.empty() || url.size() > 8192)
        return;
    if (m_urls.insert(url).second)
        m_sink.addObservable({m_item.objectId, "url", url, "browser history"});
    const std::string host = support::urlHost(url);
    if (!host.empty() && m_domains.insert(host).second)
        m_sink.addObservable({m_item.objectId, "domain", host, "browser history"});
}

void HistoryEmitter::row(std::optional<UtcTime> time, std::string desc, std::string eventType, std::string message,
                         const std::string &url) {
    ++m_seen;
    observeUrl(url);
    ++m_stored;  // a row without a usable time is still evidence, not a failure
    if (time)
        extraEvent(*time, std::move(desc), std::move(eventType), std::move(message));
}

void HistoryEmitter::extraEvent(UtcTime time, std::string desc, std::string eventType, std::string message) {
    casestore::EventRecord event;
    event.time = time;
    event.timestampDesc = std::move(desc);
    event.eventType = std::move(eventType);
    event.objectId = m_item.objectId;
    event.sourceId = m_item.sourceId;
    event.message = std::move(message);
    m_sink.addEvent(std::move(event));
}

void HistoryEmitter::rowWithoutTime(const std::string &, const std::string &url) {
    ++m_seen;
    ++m_stored;
    observeUrl(url);
}

void HistoryEmitter::failed(const std::string &reason) {
    ++m_seen;
    ++m_failed;
    m_sink.addError(m_item.objectId, m_item.path, std::nullopt, reason);
}

void HistoryEmitter::tableError(const std::string &reason) {
    m_sink.addError(m_item.objectId, m_item.path, std::nullopt, reason);
}

void HistoryEmitter::finish() { m_sink.setCounts({m_item.objectId, m_seen, m_stored, m_failed}); }

}  // namespace harrier::parsers::browser
