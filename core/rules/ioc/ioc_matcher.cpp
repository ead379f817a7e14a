#include "rules/ioc/ioc_matcher.h"

#include <hs/hs.h>
#include <libpsl.h>

#include <algorithm>
#include <initializer_list>

namespace harrier::rules::ioc {

namespace {

std::string key(IocType t, std::string_view v) {
    std::string k(toString(t));
    k += '\0';
    k += v;
    return k;
}

/// Compiles patterns; ones Hyperscan cannot handle are reported and left out.
hs_database *compileRegexes(const std::vector<std::string> &patterns, std::vector<std::size_t> &ids,
                            const std::vector<std::size_t> &indicatorOf,
                            std::vector<std::pair<std::size_t, std::string>> &rejected) {
    std::vector<const char *> exprs;
    std::vector<unsigned> flags, hsIds;
    ids.clear();
    for (std::size_t i = 0; i < patterns.size(); ++i) {
        hs_expr_info_t *info = nullptr;
        hs_compile_error_t *err = nullptr;
        const unsigned f = HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;
        if (hs_expression_info(patterns[i].c_str(), f, &info, &err) != HS_SUCCESS) {
            rejected.emplace_back(indicatorOf[i], std::string("regex not supported: ") + (err ? err->message : "?"));
            hs_free_compile_error(err);
            continue;
        }
        std::free(info);
        exprs.push_back(patterns[i].c_str());
        flags.push_back(f);
        hsIds.push_back(static_cast<unsigned>(ids.size()));
        ids.push_back(indicatorOf[i]);
    }
    if (exprs.empty())
        return nullptr;
    hs_database *db = nullptr;
    hs_compile_error_t *err = nullptr;
    if (hs_compile_multi(exprs.data(), flags.data(), hsIds.data(), static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                         nullptr, &db, &err) != HS_SUCCESS) {
        rejected.emplace_back(err && err->expression >= 0 ? ids[static_cast<std::size_t>(err->expression)] : 0,
                              std::string("regex database failed: ") + (err ? err->message : "?"));
        hs_free_compile_error(err);
        ids.clear();
        return nullptr;
    }
    return db;
}

int collectId(unsigned id, unsigned long long, unsigned long long, unsigned, void *ctx) {
    static_cast<std::vector<unsigned> *>(ctx)->push_back(id);
    return 0;
}

struct ContentCtx {
    std::vector<std::pair<unsigned, std::uint64_t>> *out;
};

int collectContent(unsigned id, unsigned long long, unsigned long long to, unsigned, void *ctx) {
    static_cast<ContentCtx *>(ctx)->out->emplace_back(id, to);
    return 0;
}

const psl_ctx_t *psl() {
    static const psl_ctx_t *ctx = psl_builtin();
    return ctx;
}

}  // namespace

HsScratch::~HsScratch() {
    if (m_s)
        hs_free_scratch(m_s);
}

std::size_t readKnownGood(std::string_view content, std::unordered_set<std::string> &out) {
    std::size_t n = 0;
    std::size_t p = 0;
    while (p < content.size()) {
        auto e = content.find('\n', p);
        if (e == std::string_view::npos)
            e = content.size();
        std::string_view line = content.substr(p, e - p);
        p = e + 1;
        // NSRL: "SHA-1","MD5","CRC32","FileName",...; md5sum: HASH  name
        for (std::size_t i = 0; i < line.size();) {
            while (i < line.size() && !std::isxdigit(static_cast<unsigned char>(line[i])))
                ++i;
            std::size_t j = i;
            while (j < line.size() && std::isxdigit(static_cast<unsigned char>(line[j])))
                ++j;
            const auto len = j - i;
            if ((len == 32 || len == 40 || len == 64) && (i == 0 || !std::isalnum(static_cast<unsigned char>(line[i - 1])))) {
                out.insert(toLower(line.substr(i, len)));
                ++n;
            }
            i = j == i ? i + 1 : j;
            if (line.find(',') == std::string_view::npos)
                break;  // md5sum format: only the first field is a hash
        }
    }
    return n;
}

std::size_t readAllowDomains(std::string_view content, std::unordered_set<std::string> &out) {
    std::size_t n = 0, p = 0;
    while (p < content.size()) {
        auto e = content.find('\n', p);
        if (e == std::string_view::npos)
            e = content.size();
        std::string line = refang(content.substr(p, e - p));
        p = e + 1;
        if (line.empty() || line[0] == '#')
            continue;
        if (auto d = normaliseDomain(line)) {
            out.insert(*d);
            ++n;
        }
    }
    return n;
}

Result<std::unique_ptr<IocMatcher>> IocMatcher::build(const IocSet &set, MatchOptions options) {
    if (hs_valid_platform() != HS_SUCCESS)
        return makeError(ErrorCode::Unsupported,
                         "this CPU lacks SSSE3, which Hyperscan needs: IOC regex and literal matching is unavailable");
    std::unique_ptr<IocMatcher> m(new IocMatcher(set, std::move(options)));
    std::vector<std::string> paths, fps, literals;
    std::vector<std::size_t> pathOf, fpOf, literalOf;
    for (std::size_t i = 0; i < set.indicators.size(); ++i) {
        const auto &ind = set.indicators[i];
        switch (ind.type) {
        case IocType::Cidr:
            if (auto c = parseCidr(ind.value))
                m->m_cidrs.emplace_back(*c, i);
            break;
        case IocType::FilenameRegex:
        case IocType::PathRegex:
            paths.push_back(ind.value);
            pathOf.push_back(i);
            if (!ind.fpRegex.empty()) {
                fps.push_back(ind.fpRegex);
                fpOf.push_back(i);
            }
            break;
        case IocType::Literal:
            literals.push_back(ind.value);
            literalOf.push_back(i);
            break;
        case IocType::Domain:
            m->m_exact.emplace(key(ind.type, ind.value), i);
            if (m->m_opt.domainsInContent) {
                literals.push_back(ind.value);
                literalOf.push_back(i);
            }
            break;
        default:
            m->m_exact.emplace(key(ind.type, ind.value), i);
        }
    }
    m->m_pathDb = compileRegexes(paths, m->m_pathIds, pathOf, m->m_rejected);
    std::vector<std::pair<std::size_t, std::string>> fpRejected;
    m->m_fpDb = compileRegexes(fps, m->m_fpIds, fpOf, fpRejected);
    if (!literals.empty()) {
        std::vector<const char *> exprs;
        std::vector<std::size_t> lens;
        std::vector<unsigned> flags, ids;
        for (std::size_t i = 0; i < literals.size(); ++i) {
            exprs.push_back(literals[i].data());
            lens.push_back(literals[i].size());
            flags.push_back((m->m_opt.caselessContent ? HS_FLAG_CASELESS : 0u) | HS_FLAG_SINGLEMATCH);
            ids.push_back(static_cast<unsigned>(i));
        }
        hs_compile_error_t *err = nullptr;
        if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(),
                                 static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &m->m_literalDb,
                                 &err) != HS_SUCCESS) {
            const std::string msg = err ? err->message : "?";
            hs_free_compile_error(err);
            return makeError(ErrorCode::Internal, "cannot build the literal database: " + msg);
        }
        m->m_literalIds = literalOf;
    }
    return m;
}

IocMatcher::~IocMatcher() {
    hs_free_database(m_pathDb);
    hs_free_database(m_fpDb);
    hs_free_database(m_literalDb);
}

Result<HsScratch> IocMatcher::makeScratch() const {
    HsScratch s;
    for (hs_database *db : {m_pathDb, m_fpDb, m_literalDb})
        if (db && hs_alloc_scratch(db, s.ptr()) != HS_SUCCESS)
            return makeError(ErrorCode::Internal, "cannot allocate Hyperscan scratch");
    return s;
}

bool IocMatcher::isAllowedDomain(const std::string &domain) const {
    if (m_opt.allowDomains.empty())
        return false;
    std::string_view d = domain;
    for (;;) {
        if (m_opt.allowDomains.count(std::string(d)))
            return true;
        const auto dot = d.find('.');
        if (dot == std::string_view::npos)
            return false;
        d.remove_prefix(dot + 1);
    }
}

void IocMatcher::matchHash(const std::string &hex, std::vector<std::size_t> &out) const {
    const std::string h = toLower(hex);
    const IocType t = h.size() == 32 ? IocType::Md5 : h.size() == 40 ? IocType::Sha1 : IocType::Sha256;
    auto [a, b] = m_exact.equal_range(key(t, h));
    for (auto it = a; it != b; ++it)
        out.push_back(it->second);
}

void IocMatcher::matchDomain(const std::string &domain, std::vector<std::size_t> &out) const {
    auto norm = normaliseDomain(domain);
    if (!norm || isAllowedDomain(*norm))
        return;
    // Walk up to the registrable domain: an IOC on evil.com matches
    // a.b.evil.com, but never a public suffix such as co.uk.
    const char *reg = psl_registrable_domain(psl(), norm->c_str());
    const std::size_t stop = reg ? std::string_view(reg).size() : norm->size();
    std::string_view d = *norm;
    for (;;) {
        auto [a, b] = m_exact.equal_range(key(IocType::Domain, d));
        for (auto it = a; it != b; ++it)
            out.push_back(it->second);
        const auto dot = d.find('.');
        if (dot == std::string_view::npos || d.size() - dot - 1 < stop)
            return;
        d.remove_prefix(dot + 1);
    }
}

void IocMatcher::matchIp(const std::string &ip, std::vector<std::size_t> &out) const {
    const bool v6 = ip.find(':') != std::string::npos;
    const auto norm = normalise(v6 ? IocType::Ipv6 : IocType::Ipv4, ip);
    if (!norm)
        return;
    auto [a, b] = m_exact.equal_range(key(v6 ? IocType::Ipv6 : IocType::Ipv4, *norm));
    for (auto it = a; it != b; ++it)
        out.push_back(it->second);
    for (const auto &[net, idx] : m_cidrs)
        if (net.v6 == v6 && cidrContains(net, *norm))
            out.push_back(idx);
}

void IocMatcher::matchObservable(const std::string &kind, const std::string &value, std::vector<std::size_t> &out) const {
    if (kind == "md5" || kind == "sha1" || kind == "sha256") {
        if (!isKnownGood(value))
            matchHash(value, out);
    } else if (kind == "domain" || kind == "hostname" || kind == "fqdn") {
        matchDomain(value, out);
    } else if (kind == "ipv4" || kind == "ipv6" || kind == "ip") {
        matchIp(value, out);
    } else if (kind == "url") {
        if (auto u = normaliseUrl(value)) {
            const std::string host = urlHost(*u);
            if (!isAllowedDomain(host)) {
                auto [a, b] = m_exact.equal_range(key(IocType::Url, *u));
                for (auto it = a; it != b; ++it)
                    out.push_back(it->second);
            }
            if (parseCidr(host))
                matchIp(host, out);
            else
                matchDomain(host, out);
        }
    } else if (kind == "email") {
        if (auto e = normalise(IocType::Email, value)) {
            const std::string domain = e->substr(e->rfind('@') + 1);
            if (!isAllowedDomain(domain)) {
                auto [a, b] = m_exact.equal_range(key(IocType::Email, *e));
                for (auto it = a; it != b; ++it)
                    out.push_back(it->second);
            }
            matchDomain(domain, out);
        }
    }
}

void IocMatcher::matchPath(const std::string &path, HsScratch &scratch, std::vector<std::size_t> &out) const {
    if (!m_pathDb)
        return;
    // LOKI's patterns are written for Windows paths: try the path as stored
    // and with backslashes.
    std::string win = path;
    std::replace(win.begin(), win.end(), '/', '\\');
    std::vector<unsigned> hits, fp;
    for (const std::string *p : std::initializer_list<const std::string *>{&path, &win}) {
        hs_scan(m_pathDb, p->data(), static_cast<unsigned>(p->size()), 0, scratch.get(), collectId, &hits);
        if (m_fpDb)
            hs_scan(m_fpDb, p->data(), static_cast<unsigned>(p->size()), 0, scratch.get(), collectId, &fp);
        if (path == win)
            break;
    }
    std::set<std::size_t> falsePositive;
    for (unsigned id : fp)
        falsePositive.insert(m_fpIds[id]);
    std::set<std::size_t> seen;
    for (unsigned id : hits) {
        const std::size_t ind = m_pathIds[id];
        if (!falsePositive.count(ind) && seen.insert(ind).second)
            out.push_back(ind);
    }
}

void IocMatcher::matchContent(ByteView content, HsScratch &scratch,
                              std::vector<std::pair<std::size_t, std::uint64_t>> &out) const {
    if (!m_literalDb || content.empty())
        return;
    std::vector<std::pair<unsigned, std::uint64_t>> raw;
    ContentCtx ctx{&raw};
    // Hyperscan's block mode takes at most 4 GiB; blobs are far smaller.
    hs_scan(m_literalDb, reinterpret_cast<const char *>(content.data()), static_cast<unsigned>(content.size()), 0,
            scratch.get(), collectContent, &ctx);
    for (const auto &[id, end] : raw) {
        const std::size_t ind = m_literalIds[id];
        const auto &v = m_set.indicators[ind].value;
        out.emplace_back(ind, end >= v.size() ? end - v.size() : 0);
    }
}

bool IocMatcher::evaluate(const Condition &c, const std::set<std::size_t> &matched) {
    switch (c.op) {
    case Condition::Op::Leaf:
        return matched.count(c.indicator) > 0;
    case Condition::Op::Never:
        return false;
    case Condition::Op::And:
        return !c.children.empty() &&
               std::all_of(c.children.begin(), c.children.end(), [&](const Condition &x) { return evaluate(x, matched); });
    case Condition::Op::Or:
        return std::any_of(c.children.begin(), c.children.end(), [&](const Condition &x) { return evaluate(x, matched); });
    }
    return false;
}

}  // namespace harrier::rules::ioc
