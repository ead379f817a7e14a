// harrier.email.sender-mismatch: the From the reader sees against where
// replies and bounces go. A Reply-To in another organisation routes the
// victim's answer to the attacker; a display name that is itself an address
// of another domain ("ceo@corp.example" <x@freemail.example>) impersonates.
// A different Return-Path is normal for mailing lists and bulk senders, so
// alone it is only a low-severity note.
#include <algorithm>

#include "rules/analyzers/analysis_data.h"
#include "rules/analyzers/analyzer_registry.h"
#include "rules/analyzers/url_util.h"

namespace harrier::rules::analyzers {

namespace {

bool bounceHandler(const std::string &address) {
    const std::string local = address.substr(0, address.find('@'));
    for (const char *k : {"bounce", "owner-", "-owner", "-admin", "-request", "errors", "mailer-daemon", "return"})
        if (local.find(k) != std::string::npos)
            return true;
    return local.find('=') != std::string::npos;  // VERP: list-bounces+user=host@...
}

class SenderMismatchAnalyzer final : public Analyzer {
public:
    const AnalyzerInfo &info() const override { return m_info; }

    void run(const AnalysisData &data, const AnalyzerOptions &, std::vector<casestore::HitRecord> &hits) const override {
        for (const auto &e : data.emails) {
            if (e.from.empty())
                continue;
            const MailAddress &from = e.from.front();
            const std::string fromDomain = addressDomain(from.address);
            if (fromDomain.empty())
                continue;
            const std::string fromReg = registrableDomain(fromDomain);
            nlohmann::json findings = nlohmann::json::array();
            int severity = 0;
            std::string text;
            auto add = [&](const char *field, const std::string &value, int sev, const std::string &why) {
                findings.push_back({{"field", field}, {"value", value}, {"from", from.address}, {"severity", sev}});
                if (sev > severity) {
                    severity = sev;
                    text = why;
                }
            };
            auto listDomain = [&](const std::string &reg) {
                return std::find(e.listDomains.begin(), e.listDomains.end(), reg) != e.listDomains.end();
            };
            for (const auto &r : e.replyTo) {
                const std::string d = addressDomain(r.address);
                // A mailing list that sets Reply-To to itself is doing its job.
                if (!d.empty() && registrableDomain(d) != fromReg && !listDomain(registrableDomain(d)))
                    add("Reply-To", r.address, 50,
                        "Reply-To " + defang(r.address) + " is in another domain than From " + defang(from.address) +
                            ": replies go to " + defang(registrableDomain(d)));
            }
            // The display name itself written as an address of another domain.
            for (const auto &d : domainsInText(from.name)) {
                if (from.name.find('@') != std::string::npos && registrableDomain(d) != fromReg) {
                    add("From display name", from.name, 60,
                        "From display name \"" + defang(from.name) + "\" shows an address at " + defang(d) +
                            " while the message is from " + defang(from.address));
                    break;
                }
            }
            // Lists and bulk senders take the bounces themselves (often VERP
            // addresses): a different Return-Path there is the norm, not a finding.
            for (const auto &r : e.returnPath) {
                const std::string d = addressDomain(r.address);
                if (e.bulk || bounceHandler(r.address) || listDomain(registrableDomain(d)))
                    continue;
                if (!d.empty() && registrableDomain(d) != fromReg)
                    add("Return-Path", r.address, 20,
                        "Return-Path " + defang(r.address) + " is in another domain than From " +
                            defang(from.address) + " (common for lists and bulk senders)");
            }
            if (findings.empty())
                continue;
            std::string explanation = text + " in " + e.label();
            if (findings.size() > 1)
                explanation += " (" + std::to_string(findings.size()) + " mismatches)";
            explanation += ".";
            hits.push_back(makeHit(m_info, e.id, severity, std::move(explanation),
                                   {{"email_id", e.id}, {"mismatches", std::move(findings)}}));
        }
    }

private:
    AnalyzerInfo m_info{"harrier.email.sender-mismatch", 1, 50,
                        "From vs Reply-To / Return-Path / display-name address in different domains"};
};

}  // namespace

std::unique_ptr<Analyzer> makeSenderMismatchAnalyzer() { return std::make_unique<SenderMismatchAnalyzer>(); }

}  // namespace harrier::rules::analyzers
