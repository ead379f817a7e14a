#include "base/utc_time.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace harrier {

namespace {
constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;
// FILETIME epoch (1601) to Unix epoch, in 100 ns ticks.
constexpr std::uint64_t kFiletimeUnixOffset = 116444736000000000ULL;

struct Civil {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

Civil civilFromDays(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {m <= 2 ? y + 1 : y, m, d};
}

bool readInt(std::string_view text, std::size_t pos, std::size_t len, int &out) {
    if (pos + len > text.size())
        return false;
    const char *first = text.data() + pos;
    auto [ptr, ec] = std::from_chars(first, first + len, out);
    return ec == std::errc() && ptr == first + len;
}
}  // namespace

std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day) {
    year -= month <= 2 ? 1 : 0;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::optional<UtcTime> UtcTime::fromFiletime(std::uint64_t ticks) {
    if (ticks == 0)
        return std::nullopt;  // "never" in Windows structures
    const auto signedTicks = static_cast<std::int64_t>(ticks - kFiletimeUnixOffset);
    return UtcTime{signedTicks / 10};
}

UtcTime UtcTime::now() {
    using namespace std::chrono;
    return {duration_cast<microseconds>(system_clock::now().time_since_epoch()).count()};
}

std::string UtcTime::toIso8601() const {
    std::int64_t days = micros / kMicrosPerDay;
    std::int64_t rest = micros % kMicrosPerDay;
    if (rest < 0) {
        rest += kMicrosPerDay;
        --days;
    }
    const Civil c = civilFromDays(days);
    const std::int64_t secs = rest / kMicrosPerSecond;
    const std::int64_t frac = rest % kMicrosPerSecond;
    char buf[48];
    if (frac == 0) {
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                      static_cast<long long>(c.year), c.month, c.day,
                      static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                      static_cast<long long>(secs % 60));
    } else {
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ",
                      static_cast<long long>(c.year), c.month, c.day,
                      static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                      static_cast<long long>(secs % 60), static_cast<long long>(frac));
    }
    return buf;
}

std::optional<UtcTime> UtcTime::parseIso8601(std::string_view t) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!readInt(t, 0, 4, year) || t.size() < 10 || t[4] != '-' || !readInt(t, 5, 2, month) ||
        t[7] != '-' || !readInt(t, 8, 2, day))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return std::nullopt;
    std::size_t pos = 10;
    std::int64_t fracMicros = 0;
    std::int64_t offsetSeconds = 0;
    if (pos < t.size() && (t[pos] == 'T' || t[pos] == ' ')) {
        if (!readInt(t, pos + 1, 2, hour) || pos + 3 >= t.size() || t[pos + 3] != ':' ||
            !readInt(t, pos + 4, 2, minute))
            return std::nullopt;
        pos += 6;
        if (pos < t.size() && t[pos] == ':') {
            if (!readInt(t, pos + 1, 2, second))
                return std::nullopt;
            pos += 3;
            if (pos < t.size() && (t[pos] == '.' || t[pos] == ',')) {
                ++pos;
                std::int64_t scale = 100000;
                while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
                    fracMicros += (t[pos] - '0') * scale;
                    scale /= 10;
                    ++pos;
                }
            }
        }
        if (pos < t.size()) {
            if (t[pos] == 'Z' || t[pos] == 'z') {
                ++pos;
            } else if (t[pos] == '+' || t[pos] == '-') {
                int oh = 0, om = 0;
                const bool colon = pos + 3 < t.size() && t[pos + 3] == ':';
                if (!readInt(t, pos + 1, 2, oh) || !readInt(t, pos + (colon ? 4 : 3), 2, om))
                    return std::nullopt;
                offsetSeconds = (oh * 3600 + om * 60) * (t[pos] == '-' ? -1 : 1);
                pos += colon ? 6 : 5;
            }
        }
    }
    if (pos != t.size() || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    const std::int64_t days =
        daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    return UtcTime{secs * kMicrosPerSecond + fracMicros};
}

}  // namespace harrier
