#include "rules/analyzers/url_util.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <idn2.h>
#include <libpsl.h>

namespace harrier::rules::analyzers {

namespace {

const psl_ctx_t *psl() {
    static const psl_ctx_t *ctx = psl_builtin();
    return ctx;
}

bool hostChar(unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c >= 0x80; }

}  // namespace

std::string toLower(std::string_view s) {
    std::string out(s);
    for (char &c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

UrlParts parseUrl(std::string_view url) {
    UrlParts p;
    std::size_t start = url.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos)
        return p;
    url = url.substr(start);
    while (!url.empty() && std::isspace(static_cast<unsigned char>(url.back())))
        url.remove_suffix(1);
    std::size_t rest = 0;
    if (url.substr(0, 2) == "//") {
        rest = 2;
    } else {
        const std::size_t colon = url.find("://");
        if (colon == std::string_view::npos)
            return p;
        p.scheme = toLower(url.substr(0, colon));
        if (p.scheme != "http" && p.scheme != "https" && p.scheme != "ftp")
            return p;
        rest = colon + 3;
    }
    const std::size_t end = url.find_first_of("/?#\\", rest);
    std::string_view authority = url.substr(rest, end == std::string_view::npos ? std::string_view::npos : end - rest);
    if (const auto at = authority.rfind('@'); at != std::string_view::npos)
        authority = authority.substr(at + 1);
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        p.host = toLower(authority.substr(0, close == std::string_view::npos ? authority.size() : close + 1));
    } else {
        const auto colon = authority.find(':');
        p.host = toLower(percentDecode(authority.substr(0, colon)));
    }
    while (!p.host.empty() && p.host.back() == '.')
        p.host.pop_back();
    if (end != std::string_view::npos) {
        std::string_view tail = url.substr(end);
        if (const auto hash = tail.find('#'); hash != std::string_view::npos)
            tail = tail.substr(0, hash);
        const auto q = tail.find('?');
        p.path = std::string(tail.substr(0, q));
        if (q != std::string_view::npos)
            p.query = std::string(tail.substr(q + 1));
    }
    if (p.path.empty())
        p.path = "/";
    p.valid = !p.host.empty() && std::all_of(p.host.begin(), p.host.end(), [](char c) {
        return hostChar(static_cast<unsigned char>(c)) || c == '[' || c == ']' || c == ':';
    });
    return p;
}

std::vector<std::pair<std::string, std::string>> splitQuery(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t pos = 0;
    while (pos <= query.size()) {
        std::size_t amp = query.find_first_of("&;", pos);
        if (amp == std::string_view::npos)
            amp = query.size();
        const std::string_view pair = query.substr(pos, amp - pos);
        if (!pair.empty()) {
            const auto eq = pair.find('=');
            if (eq == std::string_view::npos)
                out.emplace_back(std::string(pair), std::string());
            else
                out.emplace_back(std::string(pair.substr(0, eq)), std::string(pair.substr(eq + 1)));
        }
        pos = amp + 1;
    }
    return out;
}

std::string registrableDomain(std::string_view host) {
    const std::string h = toLower(host);
    if (h.empty())
        return h;
    const char *reg = psl_registrable_domain(psl(), h.c_str());
    return reg ? std::string(reg) : h;
}

bool hasKnownTld(std::string_view name) {
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos || dot + 1 >= name.size())
        return false;
    const std::string tld = toLower(name.substr(dot + 1));
    if (!std::all_of(tld.begin(), tld.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '-'; }) &&
        tld.rfind("xn--", 0) != 0)
        return false;
    return psl_is_public_suffix2(psl(), tld.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

std::optional<std::string> hostToUnicode(std::string_view host) {
    char *out = nullptr;
    const std::string h(host);
    if (idn2_to_unicode_8z8z(h.c_str(), &out, 0) != IDN2_OK || !out)
        return std::nullopt;
    std::string s(out);
    idn2_free(out);
    return s;
}

std::optional<std::string> hostToAscii(std::string_view host) {
    char *out = nullptr;
    const std::string h(host);
    if (idn2_to_ascii_8z(h.c_str(), &out, IDN2_NONTRANSITIONAL) != IDN2_OK || !out)
        return std::nullopt;
    std::string s(out);
    idn2_free(out);
    return s;
}

std::string addressDomain(std::string_view address) {
    const auto at = address.rfind('@');
    if (at == std::string_view::npos)
        return {};
    std::string d = toLower(address.substr(at + 1));
    while (!d.empty() && (d.back() == '>' || d.back() == '.' || std::isspace(static_cast<unsigned char>(d.back()))))
        d.pop_back();
    return d;
}

std::string base64Encode(std::string_view bytes, bool urlAlphabet, bool padding) {
    static const char *std64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static const char *url64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const char *alphabet = urlAlphabet ? url64 : std64;
    std::string out;
    std::size_t i = 0;
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    if (i + 1 == bytes.size()) {
        const unsigned v = byte(i) << 16;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        if (padding)
            out += "==";
    } else if (i + 2 == bytes.size()) {
        const unsigned v = (byte(i) << 16) | (byte(i + 1) << 8);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        if (padding)
            out += '=';
    }
    return out;
}

std::optional<std::string> base64Decode(std::string_view text) {
    while (!text.empty() && text.back() == '=')
        text.remove_suffix(1);
    if (text.size() % 4 == 1)
        return std::nullopt;
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '+' || c == '-')
            v = 62;
        else if (c == '/' || c == '_')
            v = 63;
        else
            return std::nullopt;
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

std::vector<std::string> domainsInText(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && !hostChar(static_cast<unsigned char>(text[i])))
            ++i;
        std::size_t j = i;
        while (j < text.size() && hostChar(static_cast<unsigned char>(text[j])))
            ++j;
        std::string word(text.substr(i, j - i));
        // "user@host" names the host ('@' ends a word); "x://" prefixes were cut at ':'.
        while (!word.empty() && (word.back() == '.' || word.back() == '-'))
            word.pop_back();
        while (!word.empty() && (word.front() == '.' || word.front() == '-'))
            word.erase(word.begin());
        if (word.find('.') != std::string::npos && word.find("..") == std::string::npos) {
            std::string ascii = toLower(word);
            if (std::any_of(ascii.begin(), ascii.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
                ascii = hostToAscii(ascii).value_or(std::string());
            // Version numbers and amounts ("1.2.3", "3.50") are not hosts.
            if (!ascii.empty() && hasKnownTld(ascii) &&
                std::any_of(ascii.begin(), ascii.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
                out.push_back(ascii);
        }
        i = j + (j == i ? 1 : 0);
    }
    return out;
}

}  // namespace harrier::rules::analyzers
