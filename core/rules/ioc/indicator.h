#pragma once
/// IOC model: indicators (one matchable value each), rules combining them
/// with AND/OR (STIX patterns, OpenIOC definitions; a plain IOC is a rule of
/// one leaf), and per-file import reports.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace harrier::rules::ioc {

enum class IocType { Md5, Sha1, Sha256, Ipv4, Ipv6, Cidr, Domain, Url, Email, FilenameRegex, PathRegex, Literal };
const char *toString(IocType t);

struct Indicator {
    IocType type = IocType::Literal;
    std::string value;        ///< normalised (lowercase hash, IDNA domain, normalised URL...)
    std::string original;     ///< as written in the feed
    std::string fpRegex;      ///< LOKI false-positive regex (filename IOCs)
    std::size_t rule = 0;     ///< index of the rule it belongs to
};

/// A boolean tree over indicator indices.
struct Condition {
    enum class Op { Leaf, And, Or, Never };  ///< Never: an unsupported term that can never match
    Op op = Op::Leaf;
    std::size_t indicator = 0;
    std::vector<Condition> children;
};

struct IocRule {
    std::string feed;         ///< file the rule came from
    std::string ref;          ///< indicator id, or "line N"
    std::string description;
    std::vector<std::string> tags;
    std::string tlp;
    int score = 75;
    Condition condition;
};

struct ImportReport {
    std::string file;
    std::string format;       ///< "plain", "csv", "loki-hash", "loki-c2", "loki-filename", "stix2", "misp", "openioc"
    std::size_t records = 0;  ///< what the format counts: lines, indicator objects, attributes, IndicatorItems
    std::size_t accepted = 0;
    std::map<std::string, std::size_t> rejected;  ///< reason -> count
    std::vector<std::string> unsupported;         ///< "<id>: <why>" (STIX indicators, OpenIOC terms)
    std::size_t rejectedTotal() const {
        std::size_t n = 0;
        for (const auto &[k, v] : rejected)
            n += v;
        return n;
    }
};

struct IocSet {
    std::vector<Indicator> indicators;
    std::vector<IocRule> rules;
    std::vector<ImportReport> reports;
    std::string sourceHash;  ///< SHA-256 over every feed file's name and content

    /// Adds a one-indicator rule; returns the indicator index.
    std::size_t addSimple(Indicator ind, IocRule rule);
};

}  // namespace harrier::rules::ioc
