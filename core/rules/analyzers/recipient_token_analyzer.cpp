// harrier.email.recipient-token: a link or image URL that carries the
// recipient's own address (plain, URL-encoded, base64, hashed). Clicking or
// merely rendering it tells the sender exactly which mailbox is live.
#include <set>

#include "rules/analyzers/analysis_data.h"
#include "rules/analyzers/analyzer_registry.h"
#include "rules/analyzers/recipient_match.h"
#include "rules/analyzers/url_util.h"

namespace harrier::rules::analyzers {

namespace {

bool fetchedWhenRendered(const std::string &origin) {
    return origin == "img src" || origin == "background" || origin == "css" || origin == "iframe src" ||
           origin == "link href" || origin == "script src";
}

class RecipientTokenAnalyzer final : public Analyzer {
public:
    const AnalyzerInfo &info() const override { return m_info; }

    void run(const AnalysisData &data, const AnalyzerOptions &, std::vector<casestore::HitRecord> &hits) const override {
        for (const auto &e : data.emails) {
            nlohmann::json urls = nlohmann::json::array();
            std::set<std::string> seen;
            bool rendered = false;
            std::string first;
            for (const auto &u : e.urls) {
                if (!seen.insert(u.origin + " " + u.url).second || !parseUrl(u.url).valid)
                    continue;
                const auto m = findRecipient(u.url, e.recipients);
                if (!m)
                    continue;
                const bool auto_ = fetchedWhenRendered(u.origin);
                urls.push_back({{"url", u.url}, {"origin", u.origin}, {"recipient", m->recipient},
                                {"encoding", m->encoding}, {"unpadded", m->unpadded}, {"location", m->location}, {"token", m->token}});
                const std::string what = (auto_ ? "image URL" : "link") + std::string(" to ") +
                                         defang(parseUrl(u.url).host) + " carries the recipient's address " +
                                         m->recipient + " " + m->phrase() + " in its " + m->location;
                if (first.empty() || (auto_ && !rendered))
                    first = what;
                rendered = rendered || auto_;
            }
            if (urls.empty())
                continue;
            // An image fetch identifies the reader without any click; a link
            // only when clicked. Mailing lists put the subscriber's address in
            // their unsubscribe/options links as a matter of course.
            int severity = rendered ? 65 : m_info.severity;
            std::string context;
            if (!rendered && e.bulk) {
                severity = 25;
                context = " The message is list/bulk mail, whose subscription links normally name the subscriber.";
            }
            std::string explanation = (first.rfind("image", 0) == 0 ? "An " : "A ") + first + " in " + e.label();
            if (urls.size() > 1)
                explanation += " (" + std::to_string(urls.size()) + " such URLs)";
            explanation += rendered ? ": the sender learns which mailbox opened the message."
                                    : ": a click tells the sender which mailbox is live.";
            explanation += context;
            hits.push_back(makeHit(m_info, e.id, severity, std::move(explanation),
                                   {{"email_id", e.id}, {"urls", std::move(urls)}, {"bulk_mail", e.bulk}}));
        }
    }

private:
    AnalyzerInfo m_info{"harrier.email.recipient-token", 1, 45,
                        "Links or image URLs carrying the recipient's address (plain, URL-encoded, base64, hashed)"};
};

}  // namespace

std::unique_ptr<Analyzer> makeRecipientTokenAnalyzer() { return std::make_unique<RecipientTokenAnalyzer>(); }

}  // namespace harrier::rules::analyzers
