// harrier.email.auth-failure: SPF, DKIM or DMARC verdicts that failed, as
// recorded by the receiving servers (Authentication-Results,
// ARC-Authentication-Results, Received-SPF). A spoofed From fails DMARC;
// a forged relay fails SPF. Softfail and DKIM failures alone are weaker
// (forwarding and mailing lists break them), so they score lower.
#include <map>

#include <cctype>

#include "rules/analyzers/analysis_data.h"
#include "rules/analyzers/analyzer_registry.h"
#include "rules/analyzers/url_util.h"

namespace harrier::rules::analyzers {

namespace {

int scoreOf(const std::string &method, const std::string &result) {
    if (method == "dmarc" && result == "fail")
        return 60;
    if (method == "spf" && result == "fail")
        return 50;
    if (method == "dkim" && result == "fail")
        return 40;
    if (method == "spf" && result == "softfail")
        return 30;
    return 0;
}

class AuthFailureAnalyzer final : public Analyzer {
public:
    const AnalyzerInfo &info() const override { return m_info; }

    void run(const AnalysisData &data, const AnalyzerOptions &, std::vector<casestore::HitRecord> &hits) const override {
        for (const auto &e : data.emails) {
            nlohmann::json failures = nlohmann::json::array();
            std::map<std::string, std::string> summary;  // "DMARC fail" -> domain
            int severity = 0;
            for (const auto &v : e.auth) {
                const int s = scoreOf(v.method, v.result);
                if (s == 0)
                    continue;
                failures.push_back({{"header", v.header}, {"method", v.method}, {"result", v.result},
                                    {"domain", v.domain}, {"reason", v.reason}});
                std::string key = toLower(v.method);
                for (char &c : key)
                    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                summary.emplace(key + " " + v.result, v.domain);
                severity = std::max(severity, s);
            }
            if (failures.empty())
                continue;
            std::string list;
            for (const auto &[what, domain] : summary)
                list += (list.empty() ? "" : ", ") + what + (domain.empty() ? "" : " for " + defang(domain));
            std::string explanation = "The receiving servers recorded " + list + " for " + e.label() +
                                      ": the sender is not who the From header claims, or the message was altered.";
            hits.push_back(makeHit(m_info, e.id, severity, std::move(explanation),
                                   {{"email_id", e.id}, {"failures", std::move(failures)}}));
        }
    }

private:
    AnalyzerInfo m_info{"harrier.email.auth-failure", 1, 50, "SPF / DKIM / DMARC failures recorded by receivers"};
};

}  // namespace

std::unique_ptr<Analyzer> makeAuthFailureAnalyzer() { return std::make_unique<AuthFailureAnalyzer>(); }

}  // namespace harrier::rules::analyzers
