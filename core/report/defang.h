#pragma once
/// Defanging: indicators in a report must not be clickable or auto-linked
/// by whatever the reader opens it with (mail clients, PDF viewers, chat),
/// yet stay readable and reversible by hand.
///   http://evil.example/x  -> hxxp[://]evil[.]example/x
///   10.1.2.3               -> 10[.]1[.]2[.]3
///   a@evil.example         -> a[@]evil[.]example
/// Hashes are left alone (they do nothing when clicked).

#include <string>
#include <string_view>

namespace harrier::report {

std::string defang(std::string_view indicator);

/// True for the kinds that need defanging (url, domain, ip, email).
bool needsDefang(std::string_view kind);

}  // namespace harrier::report
