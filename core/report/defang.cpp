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

bool isTokenChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_' || c == '@' ||
           c == ':' || c == '/' || c == '?' || c == '=' || c == '&' || c == '%' || c == '+' || c == '#' || c == '~';
}

bool looksLikeIpv4(std::string_view t) {
    int dots = 0, digits = 0;
    for (const char c : t) {
        if (c == '.') {
            if (digits == 0)
                return false;
            ++dots;
            digits = 0;
        } else if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
            if (++digits > 3)
                return false;
        } else {
            return false;
        }
    }
    return dots == 3 && digits > 0;
}

bool looksLikeHost(std::string_view t) {
    if (std::count(t.begin(), t.end(), '.') < 2 || t.front() == '.' || t.back() == '.')
        return false;
    const auto last = t.substr(t.rfind('.') + 1);
    return last.size() >= 2 && std::all_of(last.begin(), last.end(), [](unsigned char c) { return std::isalpha(c) != 0; }) &&
           std::all_of(t.begin(), t.end(), [](unsigned char c) { return std::isalnum(c) != 0 || c == '.' || c == '-'; });
}

}  // namespace

std::string defangText(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    std::size_t i = 0;
    while (i < text.size()) {
        if (!isTokenChar(text[i])) {
            out += text[i++];
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && isTokenChar(text[j]))
            ++j;
        std::string_view token = text.substr(i, j - i);
        // Trailing sentence punctuation is not part of the indicator.
        std::size_t trail = 0;
        while (trail < token.size() && (token[token.size() - 1 - trail] == '.' || token[token.size() - 1 - trail] == ':'))
            ++trail;
        const std::string_view core = token.substr(0, token.size() - trail);
        const bool url = core.find("://") != std::string_view::npos;
        const auto at = core.find('@');
        const bool email = !url && at != std::string_view::npos && at > 0 && core.find('.', at) != std::string_view::npos;
        if (url || email || looksLikeIpv4(core) || looksLikeHost(core))
            out += defang(core);
        else
            out += core;
        out += token.substr(core.size());
        i = j;
    }
    return out;
}

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
