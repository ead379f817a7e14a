#include "rules/ioc/ioc_value.h"

#include <arpa/inet.h>
#include <idn2.h>

#include <algorithm>
#include <cstring>

namespace harrier::rules::ioc {

const char *toString(IocType t) {
    switch (t) {
    case IocType::Md5: return "md5";
    case IocType::Sha1: return "sha1";
    case IocType::Sha256: return "sha256";
    case IocType::Ipv4: return "ipv4";
    case IocType::Ipv6: return "ipv6";
    case IocType::Cidr: return "cidr";
    case IocType::Domain: return "domain";
    case IocType::Url: return "url";
    case IocType::Email: return "email";
    case IocType::FilenameRegex: return "filename-regex";
    case IocType::PathRegex: return "path-regex";
    case IocType::Literal: return "literal";
    }
    return "?";
}

std::size_t IocSet::addSimple(Indicator ind, IocRule rule) {
    const std::size_t idx = indicators.size();
    ind.rule = rules.size();
    rule.condition = Condition{Condition::Op::Leaf, idx, {}};
    indicators.push_back(std::move(ind));
    rules.push_back(std::move(rule));
    return idx;
}

std::string toLower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool isHex(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

namespace {

void replaceAll(std::string &s, std::string_view from, std::string_view to, bool caseless = false) {
    std::size_t pos = 0;
    for (;;) {
        std::size_t at;
        if (caseless) {
            const std::string lower = toLower(s);
            at = lower.find(toLower(from), pos);
        } else {
            at = s.find(from, pos);
        }
        if (at == std::string::npos)
            return;
        s.replace(at, from.size(), to);
        pos = at + to.size();
    }
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

}  // namespace

std::string refang(std::string_view text) {
    std::string s(trim(text));
    for (const char *d : {"[.]", "(.)", "{.}", "[dot]", "(dot)", "{dot}", " dot ", "[DOT]", "(DOT)"})
        replaceAll(s, d, ".");
    for (const char *a : {"[@]", "(@)", "[at]", "(at)", " at "})
        replaceAll(s, a, "@");
    replaceAll(s, "[://]", "://");
    replaceAll(s, "[:]", ":");
    // hxxp, hXXp, hxxps, fxp: only as a scheme at the start.
    const std::string lower = toLower(s);
    if (lower.starts_with("hxxp") || lower.starts_with("hxxps"))
        s.replace(0, 4, "http");
    else if (lower.starts_with("fxp://"))
        s.replace(0, 3, "ftp");
    return s;
}

std::optional<std::string> normaliseDomain(std::string_view host) {
    std::string h = toLower(trim(host));
    while (!h.empty() && h.back() == '.')
        h.pop_back();
    if (h.empty() || h.size() > 253 || h.find('.') == std::string::npos)
        return std::nullopt;
    char *ascii = nullptr;
    if (idn2_to_ascii_8z(h.c_str(), &ascii, IDN2_NONTRANSITIONAL) != IDN2_OK) {
        // Not IDNA-valid (underscores are common in malware hostnames): keep
        // it when it is plain ASCII host characters.
        const bool plain = std::all_of(h.begin(), h.end(), [](unsigned char c) {
            return std::isalnum(c) || c == '-' || c == '.' || c == '_';
        });
        if (!plain)
            return std::nullopt;
    } else {
        h = ascii;
        idn2_free(ascii);
    }
    // A label must not be empty, and a TLD is not all digits (that is an IP).
    if (h.find("..") != std::string::npos || h.front() == '.')
        return std::nullopt;
    const std::string tld = h.substr(h.rfind('.') + 1);
    if (tld.empty() || std::all_of(tld.begin(), tld.end(), [](unsigned char c) { return std::isdigit(c); }))
        return std::nullopt;
    return h;
}

std::string urlHost(std::string_view url) {
    auto p = url.find("://");
    std::string_view rest = p == std::string_view::npos ? url : url.substr(p + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (auto at = rest.rfind('@'); at != std::string_view::npos)
        rest = rest.substr(at + 1);
    if (!rest.empty() && rest.front() == '[')
        return std::string(rest.substr(1, rest.find(']') - 1));
    return std::string(rest.substr(0, rest.find(':')));
}

std::optional<std::string> normaliseUrl(std::string_view url) {
    std::string u(trim(url));
    const auto p = u.find("://");
    if (p == std::string::npos || p == 0)
        return std::nullopt;
    std::string scheme = toLower(u.substr(0, p));
    std::string rest = u.substr(p + 3);
    if (auto f = rest.find('#'); f != std::string::npos)
        rest.resize(f);
    const auto pathAt = rest.find_first_of("/?");
    std::string authority = rest.substr(0, pathAt);
    std::string path = pathAt == std::string::npos ? "/" : rest.substr(pathAt);
    if (!path.empty() && path.front() == '?')
        path = "/" + path;
    authority = toLower(authority);
    if ((scheme == "http" && authority.ends_with(":80")) || (scheme == "https" && authority.ends_with(":443")))
        authority.resize(authority.rfind(':'));
    if (authority.empty())
        return std::nullopt;
    return scheme + "://" + authority + path;
}

std::optional<Cidr> parseCidr(std::string_view text) {
    Cidr c;
    const std::string s(trim(text));
    const auto slash = s.find('/');
    const std::string addr = s.substr(0, slash);
    c.v6 = addr.find(':') != std::string::npos;
    if (inet_pton(c.v6 ? AF_INET6 : AF_INET, addr.c_str(), c.addr) != 1)
        return std::nullopt;
    const int max = c.v6 ? 128 : 32;
    c.prefix = max;
    if (slash != std::string::npos) {
        try {
            std::size_t used = 0;
            c.prefix = std::stoi(s.substr(slash + 1), &used);
            if (used != s.size() - slash - 1)
                return std::nullopt;
        } catch (...) {
            return std::nullopt;
        }
        if (c.prefix < 0 || c.prefix > max)
            return std::nullopt;
    }
    return c;
}

bool cidrContains(const Cidr &net, std::string_view address) {
    unsigned char a[16] = {};
    const std::string s(address);
    if (inet_pton(net.v6 ? AF_INET6 : AF_INET, s.c_str(), a) != 1)
        return false;
    const int full = net.prefix / 8, bits = net.prefix % 8;
    if (std::memcmp(a, net.addr, static_cast<std::size_t>(full)) != 0)
        return false;
    if (bits == 0)
        return true;
    const unsigned char mask = static_cast<unsigned char>(0xff << (8 - bits));
    return (a[full] & mask) == (net.addr[full] & mask);
}

std::optional<IocType> detectType(std::string_view v) {
    const std::string s(trim(v));
    if (s.empty())
        return std::nullopt;
    if (isHex(s)) {
        if (s.size() == 32)
            return IocType::Md5;
        if (s.size() == 40)
            return IocType::Sha1;
        if (s.size() == 64)
            return IocType::Sha256;
    }
    if (s.find("://") != std::string::npos && s.find(' ') == std::string::npos)
        return IocType::Url;
    if (auto c = parseCidr(s)) {
        if (s.find('/') != std::string::npos)
            return IocType::Cidr;
        return c->v6 ? IocType::Ipv6 : IocType::Ipv4;
    }
    if (const auto at = s.find('@'); at != std::string::npos && at > 0 && s.find(' ') == std::string::npos &&
                                      normaliseDomain(s.substr(at + 1)))
        return IocType::Email;
    if (s.find(' ') == std::string::npos && s.find('/') == std::string::npos && normaliseDomain(s))
        return IocType::Domain;
    return std::nullopt;
}

std::optional<std::string> normalise(IocType type, std::string_view value) {
    const std::string s(trim(value));
    switch (type) {
    case IocType::Md5:
        return isHex(s) && s.size() == 32 ? std::optional(toLower(s)) : std::nullopt;
    case IocType::Sha1:
        return isHex(s) && s.size() == 40 ? std::optional(toLower(s)) : std::nullopt;
    case IocType::Sha256:
        return isHex(s) && s.size() == 64 ? std::optional(toLower(s)) : std::nullopt;
    case IocType::Ipv4:
    case IocType::Ipv6: {
        auto c = parseCidr(s);
        if (!c || s.find('/') != std::string::npos || c->v6 != (type == IocType::Ipv6))
            return std::nullopt;
        char buf[INET6_ADDRSTRLEN] = {};
        inet_ntop(c->v6 ? AF_INET6 : AF_INET, c->addr, buf, sizeof buf);
        return std::string(buf);
    }
    case IocType::Cidr:
        return parseCidr(s) ? std::optional(s) : std::nullopt;
    case IocType::Domain:
        return normaliseDomain(s);
    case IocType::Url:
        return normaliseUrl(s);
    case IocType::Email: {
        const auto at = s.rfind('@');
        if (at == std::string::npos || at == 0)
            return std::nullopt;
        auto d = normaliseDomain(s.substr(at + 1));
        if (!d)
            return std::nullopt;
        return toLower(s.substr(0, at)) + "@" + *d;
    }
    case IocType::FilenameRegex:
    case IocType::PathRegex:
    case IocType::Literal:
        return s.empty() ? std::nullopt : std::optional(s);
    }
    return std::nullopt;
}

std::string exactFilenameRegex(std::string_view name) {
    std::string re = "(^|[\\\\/])";
    for (char c : name) {
        if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos)
            re += '\\';
        re += c;
    }
    return re + "$";
}

}  // namespace harrier::rules::ioc
