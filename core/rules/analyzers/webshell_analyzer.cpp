// harrier.web.webshell: a server-side script in a web root that YARA or an
// IOC flagged, correlated with the IIS/Apache requests for it. APT40 ran
// webshells on a parliament's servers; the file alone says "malicious code
// is present", the log says whether and since when it was used (first
// request, POST count, who talked to it). One hit per script file.
#include <map>

#include "rules/analyzers/analysis_data.h"
#include "rules/analyzers/analyzer_registry.h"
#include "rules/analyzers/web_paths.h"

namespace harrier::rules::analyzers {

namespace {

std::string joinClients(const std::vector<std::string> &c, std::size_t max = 5) {
    std::string s;
    for (std::size_t i = 0; i < c.size() && i < max; ++i)
        s += (i ? ", " : "") + c[i];
    if (c.size() > max)
        s += ", ...";
    return s;
}

class WebshellAnalyzer final : public Analyzer {
public:
    const AnalyzerInfo &info() const override { return m_info; }

    void run(const AnalysisData &data, const AnalyzerOptions &, std::vector<casestore::HitRecord> &hits) const override {
        std::map<casestore::ObjectId, std::vector<const casestore::HitRecord *>> ruleHits;
        for (const auto &h : data.ruleHits)
            ruleHits[h.objectId].push_back(&h);
        for (const auto &f : data.scriptFiles) {
            const auto it = ruleHits.find(f.objectId);
            if (it == ruleHits.end())
                continue;
            const std::string path = normalisePath(f.path);
            const auto root = webRootOf(path);
            if (!root)
                continue;
            RequestStats st;
            for (const auto &r : data.webRequests)
                if (requestNamesFile(normalisePath(r.path), path))
                    st.add(r);
            nlohmann::json rules = nlohmann::json::array();
            std::string ruleText;
            int maxRuleSeverity = 0;
            for (const auto *h : it->second) {
                rules.push_back({{"rule_set", h->ruleSet}, {"rule_id", h->ruleId}, {"severity", h->severity},
                                 {"hit_uuid", h->uuid}});
                if (rules.size() <= 3)
                    ruleText += std::string(ruleText.empty() ? "" : ", ") + (h->ruleSet == "yara" ? "YARA rule " : "IOC ") +
                                h->ruleId;
                maxRuleSeverity = std::max(maxRuleSeverity, h->severity);
            }
            if (it->second.size() > 3)
                ruleText += " and " + std::to_string(it->second.size() - 3) + " more";
            std::string explanation = "Script " + f.path + " in a web root (" + *root + ") matches " + ruleText;
            int severity;
            if (st.requests == 0) {
                severity = 75;
                explanation += "; no web-server log request for it was found in the case (logs missing, or it was "
                               "never used).";
            } else {
                severity = st.posts > 0 ? 90 : 85;
                explanation += "; the web-server logs show " + std::to_string(st.requests) + " requests to " +
                               st.paths.front() + " (" + std::to_string(st.posts) + " POST, " +
                               std::to_string(st.gets) + " GET) from " + std::to_string(st.clients.size()) +
                               " client IP" + (st.clients.size() == 1 ? "" : "s") + " (" + joinClients(st.clients) +
                               "), first seen " + st.first->toIso8601() + ", last " + st.last->toIso8601() +
                               ": a webshell that was used.";
            }
            nlohmann::json details{{"path", f.path},
                                   {"web_root", *root},
                                   {"sha256", f.sha256},
                                   {"rule_hits", std::move(rules)},
                                   {"max_rule_severity", maxRuleSeverity},
                                   {"requests", st.requests},
                                   {"posts", st.posts},
                                   {"gets", st.gets},
                                   {"successful", st.ok},
                                   {"client_ips", st.clients},
                                   {"request_paths", st.paths}};
            if (st.first) {
                details["first_seen"] = st.first->toIso8601();
                details["last_seen"] = st.last->toIso8601();
                details["first_request_event_id"] = st.firstEvent;
            }
            if (st.firstPost)
                details["first_post"] = st.firstPost->toIso8601();
            auto hit = makeHit(m_info, f.objectId, severity, std::move(explanation), std::move(details));
            hit.eventId = st.firstPostEvent ? st.firstPostEvent : st.firstEvent;
            hits.push_back(std::move(hit));
        }
    }

private:
    AnalyzerInfo m_info{"harrier.web.webshell", 1, 85,
                        "Scripts in web roots hit by YARA/IOC, with their IIS/Apache requests (first seen, POSTs, clients)"};
};

}  // namespace

std::unique_ptr<Analyzer> makeWebshellAnalyzer() { return std::make_unique<WebshellAnalyzer>(); }

}  // namespace harrier::rules::analyzers
