#pragma once
/// The list of built-in analyzers (explicit, like the parser registry) and
/// the job that runs them over a case.

#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "base/result.h"
#include "rules/analyzers/analyzer.h"

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::rules::analyzers {

std::unique_ptr<Analyzer> makeTrackingPixelAnalyzer();
std::unique_ptr<Analyzer> makeRecipientTokenAnalyzer();
std::unique_ptr<Analyzer> makeTrackingCampaignAnalyzer();
std::unique_ptr<Analyzer> makeAnchorMismatchAnalyzer();
std::unique_ptr<Analyzer> makeLookalikeDomainAnalyzer();
std::unique_ptr<Analyzer> makeSenderMismatchAnalyzer();
std::unique_ptr<Analyzer> makeAuthFailureAnalyzer();
std::unique_ptr<Analyzer> makeRiskyAttachmentAnalyzer();
std::unique_ptr<Analyzer> makeWebshellAnalyzer();
std::unique_ptr<Analyzer> makeScriptPostAnalyzer();

/// Every built-in analyzer, in a fixed order.
std::vector<std::unique_ptr<Analyzer>> allAnalyzers();
std::vector<AnalyzerInfo> analyzerInfos();

struct AnalysisSummary {
    std::vector<std::string> ran;  ///< ids, in run order
    std::vector<std::string> unknownIds;  ///< ids in enable/disable that no analyzer has
    std::string ruleSetHash;
    std::map<std::string, std::size_t> hitsByAnalyzer;
    std::size_t emails = 0, attachments = 0, scriptFiles = 0, webRequests = 0;
    double seconds = 0;
    std::vector<casestore::HitRecord> hits;
};

/// The rule-set hash: analyzer ids and versions that ran plus every option
/// that changes their output, so a re-run with other settings is kept apart.
std::string analyzerRuleSetHash(const std::vector<const Analyzer *> &ran, const AnalyzerOptions &options);

/// Runs the enabled analyzers; the hits are returned, not stored.
Result<AnalysisSummary> runAnalyzers(casestore::CaseDb &db, const AnalyzerOptions &options, std::stop_token stop = {});
/// Runs them and stores the hits with HitStore under kRuleSet and the hash
/// (replacing an earlier run of the same version and settings).
Result<AnalysisSummary> analyzeCase(casestore::CaseDb &db, const AnalyzerOptions &options, std::stop_token stop = {});

/// Protected domains from a file: one per line, '#' comments, blank lines ignored.
std::vector<std::string> readDomainList(std::string_view text);

}  // namespace harrier::rules::analyzers
