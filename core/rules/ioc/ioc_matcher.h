#pragma once
/// Matches an IocSet against values: hashes, IPs (and CIDR ranges), domains
/// (a domain IOC matches its subdomains, down to the registrable domain from
/// the public suffix list), normalised URLs, email addresses, path regexes
/// (Hyperscan, caseless, LOKI false-positive regexes honoured) and literal
/// strings in content (Hyperscan literal database). Known-good hashes and
/// allow-listed domains suppress matches.

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/byte_view.h"
#include "base/result.h"
#include "rules/ioc/indicator.h"
#include "rules/ioc/ioc_value.h"

struct hs_database;
struct hs_scratch;

namespace harrier::rules::ioc {

struct MatchOptions {
    std::unordered_set<std::string> knownGoodHashes;  ///< lowercase hex (MD5, SHA-1, SHA-256)
    std::unordered_set<std::string> allowDomains;     ///< normalised; subdomains allowed too
    bool domainsInContent = true;                     ///< also search domain IOCs as literals in content
    /// Literals match content caseless (domains are case-insensitive); off
    /// only to compare like with like against a case-sensitive tool.
    bool caselessContent = true;
};

/// Reads md5sum / sha*sum lines ("HASH  name") and NSRL CSV ("SHA-1","MD5",...).
std::size_t readKnownGood(std::string_view content, std::unordered_set<std::string> &out);
/// One domain per line (comments with #).
std::size_t readAllowDomains(std::string_view content, std::unordered_set<std::string> &out);

/// Hyperscan scratch space, one per thread.
class HsScratch {
public:
    HsScratch() = default;
    ~HsScratch();
    HsScratch(HsScratch &&o) noexcept : m_s(o.m_s) { o.m_s = nullptr; }
    HsScratch &operator=(HsScratch &&) = delete;
    HsScratch(const HsScratch &) = delete;
    hs_scratch *get() const { return m_s; }
    hs_scratch **ptr() { return &m_s; }

private:
    hs_scratch *m_s = nullptr;
};

class IocMatcher {
public:
    /// Fails only when Hyperscan cannot run here (no SSSE3) or is out of memory.
    static Result<std::unique_ptr<IocMatcher>> build(const IocSet &set, MatchOptions options);
    ~IocMatcher();
    IocMatcher(const IocMatcher &) = delete;
    IocMatcher &operator=(const IocMatcher &) = delete;

    const IocSet &set() const { return m_set; }
    /// Indicators Hyperscan could not compile (index, reason).
    const std::vector<std::pair<std::size_t, std::string>> &rejectedPatterns() const { return m_rejected; }

    bool isKnownGood(const std::string &hash) const { return m_opt.knownGoodHashes.count(toLower(hash)) > 0; }
    bool isAllowedDomain(const std::string &domain) const;

    /// An observable of a parser-given kind ("domain", "url", "email", "ipv4", ...).
    void matchObservable(const std::string &kind, const std::string &value, std::vector<std::size_t> &out) const;
    void matchHash(const std::string &hex, std::vector<std::size_t> &out) const;
    void matchDomain(const std::string &domain, std::vector<std::size_t> &out) const;
    void matchIp(const std::string &ip, std::vector<std::size_t> &out) const;
    void matchPath(const std::string &path, HsScratch &scratch, std::vector<std::size_t> &out) const;
    /// Literal occurrences in content: (indicator, first offset).
    void matchContent(ByteView content, HsScratch &scratch,
                      std::vector<std::pair<std::size_t, std::uint64_t>> &out) const;
    bool hasContentPatterns() const { return m_literalDb != nullptr; }
    std::size_t contentPatternCount() const { return m_literalIds.size(); }
    Result<HsScratch> makeScratch() const;

    /// Whether a rule's condition holds given the matched indicators.
    static bool evaluate(const Condition &c, const std::set<std::size_t> &matched);

private:
    IocMatcher(const IocSet &set, MatchOptions options) : m_set(set), m_opt(std::move(options)) {}

    const IocSet &m_set;
    MatchOptions m_opt;
    std::unordered_multimap<std::string, std::size_t> m_exact;  ///< "type\\0value" -> indicator
    std::vector<std::pair<Cidr, std::size_t>> m_cidrs;
    hs_database *m_pathDb = nullptr;
    hs_database *m_fpDb = nullptr;
    hs_database *m_literalDb = nullptr;
    std::vector<std::size_t> m_pathIds, m_fpIds, m_literalIds;  ///< Hyperscan id -> indicator
    std::vector<std::pair<std::size_t, std::string>> m_rejected;
};

}  // namespace harrier::rules::ioc
