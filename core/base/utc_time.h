#pragma once
/// Every time in Harrier is an int64 count of microseconds since the Unix
/// epoch, in UTC. Sources give seconds, FILETIMEs, ISO strings; they are
/// converted once, at the parser boundary.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace harrier {

struct UtcTime {
    std::int64_t micros = 0;

    static UtcTime fromUnixSeconds(std::int64_t seconds) { return {seconds * 1'000'000}; }
    static UtcTime fromUnixNanos(std::int64_t seconds, std::int64_t nanos) {
        return {seconds * 1'000'000 + nanos / 1000};
    }
    /// Windows FILETIME: 100 ns ticks since 1601-01-01.
    static std::optional<UtcTime> fromFiletime(std::uint64_t ticks);
    static UtcTime now();

    /// "2024-03-25T10:15:00.123456Z"; whole seconds drop the fraction.
    std::string toIso8601() const;
    /// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.ffffff]]" with Z or ±HH:MM
    /// (a space instead of T is accepted too). Times without a zone are UTC.
    static std::optional<UtcTime> parseIso8601(std::string_view text);

    auto operator<=>(const UtcTime &) const = default;
};

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day);

}  // namespace harrier
