#pragma once
/// Small helpers shared by the artifact parsers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/utc_time.h"

namespace harrier::parsers::support {

/// FILETIME to UtcTime; nullopt for 0 (libyal's "not set") and out-of-range values.
std::optional<UtcTime> filetime(std::uint64_t ticks);
/// Host part of a URL ("" when it has none), lowercased, without port/userinfo.
std::string urlHost(std::string_view url);
/// "0x%08X" style hex.
std::string hex32(std::uint32_t value);
/// Replaces invalid UTF-8 with U+FFFD, so hostile bytes never reach the case as text.
/// Appends one code point as UTF-8; the caller passes a valid scalar value.
void appendUtf8(std::string &out, std::uint32_t cp);
std::string sanitizeUtf8(std::string_view text);
/// UTF-16LE bytes to UTF-8 (unpaired surrogates become U+FFFD); stops at NUL.
std::string utf16leToUtf8(const std::uint8_t *data, std::size_t bytes);

}  // namespace harrier::parsers::support
