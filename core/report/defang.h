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

/// Defangs the indicators inside free text (event messages, notes, rule
/// explanations): URLs, e-mail addresses, IPv4 addresses, and host names
/// with at least two dots. Names with one dot ("logon.aspx", "evil.com")
/// are left alone: in free text they are far more often file names.
std::string defangText(std::string_view text);

/// True for the kinds that need defanging (url, domain, ip, email).
bool needsDefang(std::string_view kind);

}  // namespace harrier::report
