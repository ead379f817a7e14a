#pragma once
// Deterministic synthetic events for the casestore benchmarks.
#include <cstdint>
#include <string>

#include "casestore/records.h"

namespace harrier::bench {

inline constexpr const char *kDescs[] = {"File Modified", "Event Logged", "Last Visited",
                                         "Prefetch Last Run", "Message Sent", "Key Last Written"};
inline constexpr const char *kTypes[] = {"fs:file", "windows:evtx:record", "browser:chrome:visit", "windows:prefetch",
                                         "email:message", "windows:registry", "log:iis", "log:syslog"};

/// A vocabulary word: "w<n>" for n < 20000, so 3-term queries are selective.
inline std::string word(std::uint64_t n) { return "w" + std::to_string(n % 20000); }

inline casestore::EventRecord syntheticEvent(std::uint64_t i) {
    casestore::EventRecord e;
    // ~37 ms apart with a little jitter, starting 2024-01-01.
    e.time = UtcTime{1'704'067'200'000'000LL + static_cast<std::int64_t>(i) * 37'000 +
                     static_cast<std::int64_t>((i * 7919) % 5000)};
    e.timestampDesc = kDescs[i % 6];
    e.eventType = kTypes[i % 8];
    e.host = "HOST-" + std::to_string(i % 20);
    e.user = "user" + std::to_string(i % 50);
    const std::uint64_t h = i * 2654435761ULL;
    e.message = "record " + std::to_string(i) + " " + word(h) + " " + word(h >> 7) + " " + word(h >> 14) + " " +
                word(h >> 21) + " path C:\\Users\\user" + std::to_string(i % 50) + "\\file" + std::to_string(i % 997);
    return e;
}

}  // namespace harrier::bench
