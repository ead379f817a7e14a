#include "parsers/mail/observable_collector.h"

#include <arpa/inet.h>
#include <idn2.h>
#include <libpsl.h>

#include <algorithm>
#include <unordered_map>

#include "parsers/mail/gmime_util.h"

namespace harrier::parsers::mail {

namespace {
constexpr std::size_t kMaxValue = 2048;  // longer "values" are junk from hostile input
constexpr std::size_t kMaxRememberedDomains = 4096;
constexpr std::size_t kMaxRememberedDomainLength = 255;
}

bool ObservableCollector::isIpv4(std::string_view s) {
    if (s.size() > 15)
        return false;
    in_addr a{};
    return ::inet_pton(AF_INET, std::string(s).c_str(), &a) == 1;
}

bool ObservableCollector::isIpv6(std::string_view s) {
    if (s.size() > 45 || s.find(':') == std::string_view::npos)
        return false;
    in6_addr a{};
    return ::inet_pton(AF_INET6, std::string(s).c_str(), &a) == 1;
}

DomainForms ObservableCollector::domainForms(std::string_view domain) {
    // The same few hundred hosts (relays, senders, link domains) come back
    // in message after message; libpsl and libidn2 were 2 % of a mail
    // ingest's instructions before these were remembered per thread.
    // Only names DNS could hold: hostile mail's megabyte "domains" would
    // make the table as large as they are.
    if (domain.size() > kMaxRememberedDomainLength)
        return computeDomainForms(domain);
    thread_local std::unordered_map<std::string, DomainForms> known;
    if (const auto it = known.find(std::string(domain)); it != known.end())
        return it->second;
    if (known.size() >= kMaxRememberedDomains)
        known.clear();
    return known.emplace(std::string(domain), computeDomainForms(domain)).first->second;
}

DomainForms ObservableCollector::computeDomainForms(std::string_view domain) {
    DomainForms f;
    std::string d = lower(trim(domain));
    while (!d.empty() && d.back() == '.')
        d.pop_back();
    f.ascii = d;
    f.unicode = d;
    if (d.empty() || isIpv4(d) || isIpv6(d))
        return f;
    const bool nonAscii = std::any_of(d.begin(), d.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    if (nonAscii) {
        // GMime hands IDN addresses over decoded; the wire (and DNS) form is punycode.
        char *out = nullptr;
        if (idn2_to_ascii_8z(d.c_str(), &out, IDN2_NONTRANSITIONAL) == IDN2_OK && out) {
            f.ascii = lower(out);
            idn2_free(out);
        }
    } else if (d.find("xn--") != std::string::npos) {
        char *out = nullptr;
        if (idn2_to_unicode_8z8z(d.c_str(), &out, 0) == IDN2_OK && out) {
            f.unicode = sanitizeUtf8(out);
            idn2_free(out);
        }
    }
    // libpsl wants lowercase UTF-8; the Unicode form also matches IDN suffixes.
    if (const char *reg = psl_registrable_domain(psl_builtin(), f.unicode.c_str()))
        f.registrable = reg;
    if (f.registrable.empty() && f.unicode != f.ascii)
        if (const char *reg = psl_registrable_domain(psl_builtin(), f.ascii.c_str()))
            f.registrable = reg;
    return f;
}

std::string ObservableCollector::urlHost(std::string_view url) {
    std::string_view u = trim(url);
    auto scheme = u.find("://");
    if (scheme != std::string_view::npos && scheme < 16)
        u.remove_prefix(scheme + 3);
    else if (u.rfind("//", 0) == 0)
        u.remove_prefix(2);
    else if (lower(u.substr(0, 4)) != "www.")
        return {};
    const auto end = u.find_first_of("/?#\\");
    u = u.substr(0, end);
    if (const auto at = u.rfind('@'); at != std::string_view::npos)
        u.remove_prefix(at + 1);  // user:pass@host — the classic disguise
    if (!u.empty() && u.front() == '[') {
        const auto close = u.find(']');
        return std::string(u.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
    }
    if (const auto colon = u.rfind(':'); colon != std::string_view::npos)
        u = u.substr(0, colon);
    return lower(u);
}

void ObservableCollector::put(std::string kind, std::string value, std::string context) {
    if (value.empty() || value.size() > kMaxValue)
        return;
    m_items.emplace(std::move(kind), sanitizeUtf8(value), std::move(context));
}

void ObservableCollector::addEmail(std::string_view address, std::string_view context) {
    std::string a = lower(trim(address));
    const auto at = a.rfind('@');
    if (at == std::string::npos || at == 0 || at + 1 >= a.size())
        return;
    put("email", a, std::string(context));
    addDomain(std::string_view(a).substr(at + 1), context);
}

void ObservableCollector::addDomain(std::string_view domain, std::string_view context) {
    const DomainForms f = domainForms(domain);
    if (f.ascii.empty() || f.ascii.find('.') == std::string::npos)
        return;
    if (isIpv4(f.ascii) || isIpv6(f.ascii)) {
        addIp(f.ascii, context);
        return;
    }
    const std::string ctx(context);
    put("domain", f.ascii, ctx);
    if (f.unicode != f.ascii)
        put("domain", f.unicode, ctx + " (unicode of " + f.ascii + ")");
    if (!f.registrable.empty() && f.registrable != f.unicode)
        put("domain", f.registrable, ctx + " (registrable)");
}

void ObservableCollector::addIp(std::string_view ip, std::string_view context) {
    std::string v(trim(ip));
    if (isIpv4(v))
        put("ipv4", v, std::string(context));
    else if (isIpv6(v))
        put("ipv6", lower(v), std::string(context));
}

void ObservableCollector::addUrl(std::string_view url, std::string_view context) {
    const std::string u(trim(url));
    const std::string l = lower(u);
    if (l.rfind("mailto:", 0) == 0) {
        std::string addr = u.substr(7);
        addr = addr.substr(0, addr.find('?'));
        addEmail(addr, context);
        return;
    }
    if (l.rfind("cid:", 0) == 0 || l.rfind("data:", 0) == 0 || l.rfind("javascript:", 0) == 0)
        return;
    const std::string host = urlHost(u);
    if (host.empty())
        return;
    put("url", u, std::string(context));
    addDomain(host, context);
}

void ObservableCollector::addHash(std::string_view kind, std::string_view hex, std::string_view context) {
    put(std::string(kind), std::string(hex), std::string(context));
}

void ObservableCollector::flush(ingest::ArtifactSink &sink) {
    for (const auto &[kind, value, context] : m_items)
        sink.addObservable({m_objectId, kind, value, context});
    m_items.clear();
}

}  // namespace harrier::parsers::mail
