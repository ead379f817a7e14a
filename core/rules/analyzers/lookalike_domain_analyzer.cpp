// harrier.email.lookalike-domain: sender and URL domains that imitate a
// domain the analyst protects (--protected-domain parliament.uk): punycode
// homographs (Cyrillic "а" for "a"), ASCII tricks (rn for m, vv for w, 0 for
// o, 1 for l), the same name under another suffix, typo-squats within edit
// distance 1-2, and the protected name embedded in a foreign domain.
// Punycode domains whose Cyrillic/Greek letters pass for Latin ones are
// reported even without a protected list (severity 40): they exist to be
// misread. Accented Latin IDNs ("università") are real names and are not.
#include <map>
#include <set>

#include "rules/analyzers/analysis_data.h"
#include "rules/analyzers/analyzer_registry.h"
#include "rules/analyzers/confusables.h"
#include "rules/analyzers/url_util.h"

namespace harrier::rules::analyzers {

namespace {

struct Protected {
    std::string ascii, unicode, skeleton, label, labelSkeleton;
};

struct Finding {
    int severity = 0;
    std::string kind, text, protectedDomain;
};

std::string firstLabel(const std::string &d) { return d.substr(0, d.find('.')); }

bool isAscii(const std::string &s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    return true;
}

std::optional<Finding> judge(const std::string &host, const std::vector<Protected> &prot) {
    std::string ascii = toLower(host);
    if (!isAscii(ascii)) {
        auto a = hostToAscii(ascii);
        if (!a)
            return std::nullopt;
        ascii = *a;
    }
    const std::string reg = registrableDomain(ascii);
    const std::string regUnicode = reg.find("xn--") != std::string::npos ? hostToUnicode(reg).value_or(reg) : reg;
    const bool puny = ascii.find("xn--") != std::string::npos;
    const std::string shown = puny ? " (" + defang(hostToUnicode(ascii).value_or(ascii)) + ")" : "";
    std::optional<Finding> best;
    auto consider = [&](Finding f) {
        if (!best || f.severity > best->severity)
            best = std::move(f);
    };
    for (const auto &p : prot) {
        if (reg == p.ascii)
            return std::nullopt;  // the protected domain itself or its subdomain
        const std::string skel = confusableSkeleton(regUnicode);
        if (skel == p.skeleton) {
            consider({85, puny ? "homograph" : "confusable",
                      defang(reg) + shown + " reads as the protected " + defang(p.unicode) +
                          " once look-alike characters are folded" + (puny ? " (punycode homograph)" : ""),
                      p.ascii});
            continue;
        }
        if (confusableSkeleton(firstLabel(regUnicode)) == p.labelSkeleton) {
            consider({70, "other-suffix",
                      defang(reg) + shown + " uses the protected name " + p.label + " under another suffix than " +
                          defang(p.ascii),
                      p.ascii});
            continue;
        }
        const int limit = p.ascii.size() >= 8 ? 2 : 1;
        const int d = editDistance(reg, p.ascii, limit);
        if (d >= 1 && d <= limit) {
            consider({70, "edit-distance",
                      defang(reg) + shown + " is " + std::to_string(d) + " edit" + (d > 1 ? "s" : "") +
                          " away from the protected " + defang(p.ascii),
                      p.ascii});
            continue;
        }
        if (ascii.rfind(p.ascii + ".", 0) == 0) {
            consider({60, "protected-as-subdomain",
                      defang(ascii) + " starts with the protected " + defang(p.ascii) + " but belongs to " + defang(reg),
                      p.ascii});
            continue;
        }
        if (p.label.size() >= 5 && firstLabel(reg).find(p.label) != std::string::npos) {
            consider({55, "embedded-name",
                      defang(reg) + " embeds the protected name " + p.label + " in a domain that is not " +
                          defang(p.ascii),
                      p.ascii});
        }
    }
    if (!best && puny) {
        const std::string unicode = hostToUnicode(ascii).value_or(ascii);
        const std::string skel = confusableSkeleton(unicode);
        if (isAscii(skel) && hasForeignLookalikes(unicode))
            best = Finding{40, "punycode",
                           "punycode domain " + defang(ascii) + " displays as " + defang(unicode) +
                               ", Cyrillic/Greek letters passing for the Latin " + defang(skel),
                           ""};
    }
    return best;
}

class LookalikeDomainAnalyzer final : public Analyzer {
public:
    const AnalyzerInfo &info() const override { return m_info; }

    void run(const AnalysisData &data, const AnalyzerOptions &options,
             std::vector<casestore::HitRecord> &hits) const override {
        std::vector<Protected> prot;
        for (const auto &d : options.protectedDomains) {
            Protected p;
            p.ascii = toLower(d);
            if (!isAscii(p.ascii))
                p.ascii = hostToAscii(p.ascii).value_or(p.ascii);
            p.unicode = p.ascii.find("xn--") != std::string::npos ? hostToUnicode(p.ascii).value_or(p.ascii) : p.ascii;
            p.skeleton = confusableSkeleton(p.unicode);
            p.label = firstLabel(p.unicode);
            p.labelSkeleton = confusableSkeleton(p.label);
            if (!p.ascii.empty())
                prot.push_back(std::move(p));
        }
        std::map<std::string, Finding> verdicts;  // per host, across messages
        for (const auto &e : data.emails) {
            std::vector<std::pair<std::string, std::string>> hosts;  // (host, where)
            const std::pair<const std::vector<MailAddress> *, const char *> lists[] = {
                {&e.from, "From"}, {&e.sender, "Sender"}, {&e.replyTo, "Reply-To"}, {&e.returnPath, "Return-Path"}};
            for (const auto &[list, where] : lists)
                for (const auto &a : *list)
                    if (auto d = addressDomain(a.address); !d.empty())
                        hosts.emplace_back(d, std::string(where) + " address");
            for (const auto &u : e.urls)
                if (auto p = parseUrl(u.url); p.valid)
                    hosts.emplace_back(p.host, u.origin == "img src" ? "image URL" : "URL (" + u.origin + ")");
            nlohmann::json findings = nlohmann::json::array();
            std::set<std::string> done;
            int severity = 0;
            std::string first;
            for (const auto &[host, where] : hosts) {
                if (!done.insert(host).second)
                    continue;
                auto it = verdicts.find(host);
                if (it == verdicts.end()) {
                    auto f = judge(host, prot);
                    it = verdicts.emplace(host, f.value_or(Finding{})).first;
                }
                const Finding &f = it->second;
                if (f.severity == 0)
                    continue;
                findings.push_back({{"domain", host}, {"where", where}, {"kind", f.kind},
                                    {"protected_domain", f.protectedDomain}, {"severity", f.severity}});
                if (f.severity > severity) {
                    severity = f.severity;
                    first = where + " domain: " + f.text;
                }
            }
            if (findings.empty())
                continue;
            std::string explanation = first + " in " + e.label();
            if (findings.size() > 1)
                explanation += " (" + std::to_string(findings.size()) + " look-alike domains)";
            explanation += ".";
            hits.push_back(makeHit(m_info, e.id, severity, std::move(explanation),
                                   {{"email_id", e.id}, {"domains", std::move(findings)},
                                    {"protected_domains", options.protectedDomains}}));
        }
    }

private:
    AnalyzerInfo m_info{"harrier.email.lookalike-domain", 1, 70,
                        "Punycode and look-alike domains (confusables, edit distance) of the protected domains"};
};

}  // namespace

std::unique_ptr<Analyzer> makeLookalikeDomainAnalyzer() { return std::make_unique<LookalikeDomainAnalyzer>(); }

}  // namespace harrier::rules::analyzers
