#pragma once
/// URL, domain and encoding helpers the email analyzers share. Tolerant:
/// hostile mail carries broken URLs on purpose, so parsing never fails, it
/// only returns less.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/percent_encoding.h"

namespace harrier::rules::analyzers {

struct UrlParts {
    std::string scheme;  ///< lowercase, "" for "//host/..."
    std::string host;    ///< lowercase, no port, no userinfo, no trailing dot
    std::string path;    ///< as written, "/" when absent
    std::string query;   ///< without '?'
    bool valid = false;  ///< http(s)/ftp or scheme-relative, with a host
};

UrlParts parseUrl(std::string_view url);
std::string toLower(std::string_view s);
/// "a=1&b=2" -> {("a","1"), ("b","2")} (names and values still encoded).
std::vector<std::pair<std::string, std::string>> splitQuery(std::string_view query);
/// Registrable domain ("eTLD+1", libpsl) of an ASCII/punycode host; the host
/// itself when libpsl has none (IP address, single label).
std::string registrableDomain(std::string_view host);
/// True when the last label of a name is a real top-level domain (not only
/// libpsl's "*" default rule), so "report.pdf" is not taken for a domain.
bool hasKnownTld(std::string_view name);
/// Unicode (UTF-8) form of a host with xn-- labels; nullopt when not IDNA-valid.
std::optional<std::string> hostToUnicode(std::string_view host);
/// ASCII (punycode) form of a host written in Unicode; nullopt when invalid.
std::optional<std::string> hostToAscii(std::string_view host);
/// Domain part of an email address, lowercase ("" when none).
std::string addressDomain(std::string_view address);

std::string base64Encode(std::string_view bytes, bool urlAlphabet, bool padding);
/// Decodes standard or URL-safe base64, padding optional; nullopt when the
/// text is not base64 (wrong characters, impossible length).
std::optional<std::string> base64Decode(std::string_view text);

/// Host names written in free text ("www.bank.example", "https://x.y/..."),
/// only those with a known TLD.
std::vector<std::string> domainsInText(std::string_view text);

}  // namespace harrier::rules::analyzers
