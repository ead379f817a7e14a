#pragma once
/// Built-in analyzers: Harrier's own detection rules over what the parsers
/// extracted (email reconnaissance in the style of APT31, webshell activity
/// in the style of APT40). Each analyzer has a stable id, a version (part of
/// the rule-set hash, so re-runs of a changed analyzer are kept apart like a
/// new YARA pack), a default severity and an explanation in every hit.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "casestore/hit_store.h"

namespace harrier::rules::analyzers {

struct AnalysisData;

/// The rule set every analyzer hit is stored under.
inline constexpr std::string_view kRuleSet = "harrier-analyzers";

struct AnalyzerInfo {
    std::string id;       ///< "harrier.email.tracking-pixel"
    int version = 1;      ///< bump when what the analyzer reports changes
    int severity = 50;    ///< default; single hits may be higher or lower, and say why
    std::string summary;  ///< one line for --list and the GUI
};

/// What the analyst tunes. Everything here changes which hits come out, so
/// all of it goes into the rule-set hash.
struct AnalyzerOptions {
    std::vector<std::string> enable;   ///< ids to run; empty = every analyzer
    std::vector<std::string> disable;  ///< ids never to run
    std::vector<std::string> protectedDomains;  ///< the organisation's domains (look-alikes of these)
    std::size_t campaignMinMessages = 10;    ///< one URL template in at least this many messages...
    std::size_t campaignMinRecipients = 5;   ///< ...to at least this many distinct recipients
    std::size_t postMinRequests = 5;         ///< POSTs to an unknown script before it is worth a look
};

class Analyzer {
public:
    virtual ~Analyzer() = default;
    virtual const AnalyzerInfo &info() const = 0;
    /// Appends this analyzer's hits. Never throws; malformed input is skipped.
    virtual void run(const AnalysisData &data, const AnalyzerOptions &options,
                     std::vector<casestore::HitRecord> &hits) const = 0;
};

/// A hit with the analyzer's id as rule id and the analyzer's version in the
/// details, which every analyzer extends with its evidence.
casestore::HitRecord makeHit(const AnalyzerInfo &info, casestore::ObjectId objectId, int severity,
                             std::string explanation, nlohmann::json details);

/// "news-update.info" -> "news-update[.]info", "http://" -> "hxxp://": an
/// explanation pasted into a report must not become a live link.
std::string defang(std::string_view text);

}  // namespace harrier::rules::analyzers
