#include "report/defang.h"

#include <algorithm>
#include <cctype>

namespace harrier::report {

namespace {

bool isHexHash(std::string_view s) {
    if (s.size() != 32 && s.size() != 40 && s.size() != 64)
        return false;
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

/// Dots in the host part only: a path such as /a/b.php stays readable, and
/// the host is what a viewer would turn into a link.
std::string defangHost(std::string_view host) {
    std::string out;
    for (const char c : host) {
        if (c == '.')
            out += "[.]";
        else if (c == '@')
            out += "[@]";
        else
            out += c;
    }
    return out;
}

}  // namespace

bool needsDefang(std::string_view kind) {
    return kind == "url" || kind == "domain" || kind == "ipv4" || kind == "ipv6" || kind == "ip" ||
           kind == "email";
}

std::string defang(std::string_view s) {
    if (s.empty() || isHexHash(s))
        return std::string(s);
    const auto scheme = s.find("://");
    if (scheme != std::string_view::npos && scheme > 0 && scheme < 16) {
        std::string proto(s.substr(0, scheme));
        std::string lower = proto;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        if (lower == "http")
            proto = "hxxp";
        else if (lower == "https")
            proto = "hxxps";
        else if (lower == "ftp")
            proto = "fxp";
        const std::string_view rest = s.substr(scheme + 3);
        const auto pathStart = rest.find_first_of("/?#");
        const std::string_view host = rest.substr(0, pathStart);
        std::string out = proto + "[://]" + defangHost(host);
        if (pathStart != std::string_view::npos)
            out += rest.substr(pathStart);
        return out;
    }
    // Bare domain, IP or address: every dot and @ is defanged.
    return defangHost(s);
}

}  // namespace harrier::report
