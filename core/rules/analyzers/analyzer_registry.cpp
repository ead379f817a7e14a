#include "rules/analyzers/analyzer_registry.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>

#include "base/hashing.h"
#include "casestore/case_db.h"
#include "casestore/hit_store.h"
#include "rules/analyzers/analysis_data.h"
#include "rules/analyzers/url_util.h"

namespace harrier::rules::analyzers {

namespace {

bool isEmailAnalyzer(const std::string &id) { return id.rfind("harrier.email.", 0) == 0; }

}  // namespace

std::vector<std::unique_ptr<Analyzer>> allAnalyzers() {
    std::vector<std::unique_ptr<Analyzer>> v;
    v.push_back(makeTrackingPixelAnalyzer());
    v.push_back(makeRecipientTokenAnalyzer());
    v.push_back(makeTrackingCampaignAnalyzer());
    v.push_back(makeAnchorMismatchAnalyzer());
    v.push_back(makeLookalikeDomainAnalyzer());
    v.push_back(makeSenderMismatchAnalyzer());
    v.push_back(makeAuthFailureAnalyzer());
    v.push_back(makeRiskyAttachmentAnalyzer());
    v.push_back(makeWebshellAnalyzer());
    v.push_back(makeScriptPostAnalyzer());
    return v;
}

std::vector<AnalyzerInfo> analyzerInfos() {
    std::vector<AnalyzerInfo> out;
    for (const auto &a : allAnalyzers())
        out.push_back(a->info());
    return out;
}

std::string analyzerRuleSetHash(const std::vector<const Analyzer *> &ran, const AnalyzerOptions &options) {
    std::vector<std::string> parts;
    for (const auto *a : ran)
        parts.push_back(a->info().id + "@" + std::to_string(a->info().version));
    std::sort(parts.begin(), parts.end());
    std::string input = std::string(kRuleSet) + "\n";
    for (const auto &p : parts)
        input += p + "\n";
    std::vector<std::string> domains;
    for (const auto &d : options.protectedDomains)
        domains.push_back(toLower(d));
    std::sort(domains.begin(), domains.end());
    domains.erase(std::unique(domains.begin(), domains.end()), domains.end());
    for (const auto &d : domains)
        input += "protected:" + d + "\n";
    input += "campaign:" + std::to_string(options.campaignMinMessages) + "/" +
             std::to_string(options.campaignMinRecipients) + "\npost:" + std::to_string(options.postMinRequests) + "\n";
    return sha256Hex(asBytes(input));
}

Result<AnalysisSummary> runAnalyzers(casestore::CaseDb &db, const AnalyzerOptions &options, std::stop_token stop) {
    const auto started = std::chrono::steady_clock::now();
    AnalysisSummary summary;
    auto all = allAnalyzers();
    std::set<std::string> known;
    for (const auto &a : all)
        known.insert(a->info().id);
    for (const auto *list : {&options.enable, &options.disable})
        for (const auto &id : *list)
            if (!known.count(id))
                summary.unknownIds.push_back(id);
    if (!summary.unknownIds.empty())
        return makeError(ErrorCode::InvalidInput, "unknown analyzer id: " + summary.unknownIds.front());
    std::vector<const Analyzer *> ran;
    AnalysisNeeds needs;
    for (const auto &a : all) {
        const std::string &id = a->info().id;
        const bool on = (options.enable.empty() ||
                         std::find(options.enable.begin(), options.enable.end(), id) != options.enable.end()) &&
                        std::find(options.disable.begin(), options.disable.end(), id) == options.disable.end();
        if (!on)
            continue;
        ran.push_back(a.get());
        if (id == "harrier.email.risky-attachment")
            needs.attachments = true;
        else if (isEmailAnalyzer(id))
            needs.emails = true;
        else
            needs.web = true;
    }
    summary.ruleSetHash = analyzerRuleSetHash(ran, options);
    auto data = loadAnalysisData(db, needs);
    if (!data)
        return data.error();
    summary.emails = data->emails.size();
    summary.attachments = data->attachments.size();
    summary.scriptFiles = data->scriptFiles.size();
    summary.webRequests = data->webRequests.size();
    for (const auto *a : ran) {
        if (stop.stop_requested())
            return makeError(ErrorCode::Stopped, "stopped");
        const std::size_t before = summary.hits.size();
        a->run(*data, options, summary.hits);
        summary.ran.push_back(a->info().id);
        summary.hitsByAnalyzer[a->info().id] = summary.hits.size() - before;
    }
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

Result<AnalysisSummary> analyzeCase(casestore::CaseDb &db, const AnalyzerOptions &options, std::stop_token stop) {
    auto summary = runAnalyzers(db, options, stop);
    if (!summary)
        return summary;
    std::vector<casestore::HitRecord> copy = summary->hits;
    if (auto r = casestore::HitStore(db).replace(std::string(kRuleSet), summary->ruleSetHash, std::move(copy)); !r)
        return r.error();
    return summary;
}

std::vector<std::string> readDomainList(std::string_view text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        if (const auto hash = line.find('#'); hash != std::string_view::npos)
            line = line.substr(0, hash);
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front())))
            line.remove_prefix(1);
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
            line.remove_suffix(1);
        if (!line.empty())
            out.push_back(toLower(line));
        pos = end + 1;
    }
    return out;
}

}  // namespace harrier::rules::analyzers
