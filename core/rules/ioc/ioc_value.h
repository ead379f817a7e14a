#pragma once
/// Values in IOC feeds: refanging (hxxp, [.], (dot), [@]), type detection and
/// normalisation so a feed value and an observable compare equal.

#include <optional>
#include <string>
#include <string_view>

#include "rules/ioc/indicator.h"

namespace harrier::rules::ioc {

/// "hxxp://evil[.]com" -> "http://evil.com"; "a(dot)b" -> "a.b"; "x[@]y" -> "x@y".
std::string refang(std::string_view text);
/// Best guess for a bare value; nullopt when it is none of the typed kinds.
std::optional<IocType> detectType(std::string_view refanged);
/// Normalised form of a value of that type, or nullopt when it is invalid.
std::optional<std::string> normalise(IocType type, std::string_view value);

std::string toLower(std::string_view s);
bool isHex(std::string_view s);
/// IDNA (punycode) lowercase form of a host name; nullopt when not a valid name.
std::optional<std::string> normaliseDomain(std::string_view host);
/// Scheme and host lowercased, default port and fragment dropped.
std::optional<std::string> normaliseUrl(std::string_view url);
/// Host part of a normalised URL.
std::string urlHost(std::string_view url);
/// An exact file name as a FilenameRegex value: metacharacters escaped,
/// anchored at a path separator (or the start) and at the end.
std::string exactFilenameRegex(std::string_view name);

struct Cidr {
    bool v6 = false;
    unsigned char addr[16] = {};
    int prefix = 0;
};
std::optional<Cidr> parseCidr(std::string_view text);
/// True when the address (text) falls inside the network.
bool cidrContains(const Cidr &net, std::string_view address);

}  // namespace harrier::rules::ioc
