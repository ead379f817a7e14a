// harrier.email.anchor-mismatch: the text of a link shows one domain while
// its href goes to another ("www.parliament.uk" -> news-update.info). The
// reader trusts what the anchor text says; the click goes elsewhere.
// Compared on registrable domains (libpsl), so www.x.org vs mail.x.org is
// not a mismatch.
#include <set>

#include "rules/analyzers/analysis_data.h"
#include "rules/analyzers/analyzer_registry.h"
#include "rules/analyzers/url_util.h"

namespace harrier::rules::analyzers {

namespace {

class AnchorMismatchAnalyzer final : public Analyzer {
public:
    const AnalyzerInfo &info() const override { return m_info; }

    void run(const AnalysisData &data, const AnalyzerOptions &, std::vector<casestore::HitRecord> &hits) const override {
        for (const auto &e : data.emails) {
            nlohmann::json links = nlohmann::json::array();
            std::set<std::string> seen;
            std::string first;
            for (const auto &u : e.urls) {
                if (u.origin != "href" || u.anchorText.empty())
                    continue;
                const UrlParts href = parseUrl(u.url);
                if (!href.valid)
                    continue;
                const auto shown = domainsInText(u.anchorText);
                if (shown.empty())
                    continue;
                // The anchor's first domain is what the reader takes as the destination.
                const std::string shownReg = registrableDomain(shown.front());
                std::string hrefHost = href.host;
                if (auto ascii = hostToAscii(hrefHost))
                    hrefHost = *ascii;
                const std::string hrefReg = registrableDomain(hrefHost);
                if (shownReg.empty() || hrefReg.empty() || shownReg == hrefReg)
                    continue;
                if (!seen.insert(shownReg + ">" + hrefReg).second)
                    continue;
                links.push_back({{"href", u.url}, {"anchor_text", u.anchorText.substr(0, 500)},
                                 {"shown_domain", shown.front()}, {"href_domain", hrefHost}});
                if (first.empty())
                    first = "A link whose text shows " + defang(shown.front()) + " goes to " + defang(hrefHost);
            }
            if (links.empty())
                continue;
            std::string explanation = first + " in " + e.label();
            if (links.size() > 1)
                explanation += " (" + std::to_string(links.size()) + " such links)";
            explanation += ": the reader is shown one destination and sent to another.";
            hits.push_back(makeHit(m_info, e.id, m_info.severity, std::move(explanation),
                                   {{"email_id", e.id}, {"links", std::move(links)}}));
        }
    }

private:
    AnalyzerInfo m_info{"harrier.email.anchor-mismatch", 1, 50,
                        "Link text showing one domain while the href goes to another"};
};

}  // namespace

std::unique_ptr<Analyzer> makeAnchorMismatchAnalyzer() { return std::make_unique<AnchorMismatchAnalyzer>(); }

}  // namespace harrier::rules::analyzers
