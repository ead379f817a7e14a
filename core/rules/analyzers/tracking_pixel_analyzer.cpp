// harrier.email.tracking-pixel: remote images nobody is meant to see. A 1×1,
// zero-sized or CSS-hidden image fetched from a server tells the sender when
// (and from where) the message was opened; APT31's 2024 campaign used exactly
// this to confirm live targets before follow-up operations.
#include <cctype>

#include "rules/analyzers/analysis_data.h"
#include "rules/analyzers/analyzer_registry.h"
#include "rules/analyzers/recipient_match.h"
#include "rules/analyzers/url_util.h"

namespace harrier::rules::analyzers {

namespace {

std::string describe(const MailImage &im) {
    std::string size;
    if (im.width && im.height)
        size = std::to_string(*im.width) + "×" + std::to_string(*im.height) + " ";
    const std::string &why = im.hiddenReason;
    if (why == "1x1")
        return size.empty() ? "1×1 remote image" : size + "remote image";
    if (why == "zero size")
        return "zero-sized " + size + "remote image";
    if (why == "1-pixel side")
        return size + "remote image one pixel wide or high";
    return size + "remote image hidden with " + why;
}

class TrackingPixelAnalyzer final : public Analyzer {
public:
    const AnalyzerInfo &info() const override { return m_info; }

    void run(const AnalysisData &data, const AnalyzerOptions &, std::vector<casestore::HitRecord> &hits) const override {
        for (const auto &e : data.emails) {
            nlohmann::json images = nlohmann::json::array();
            std::string first;
            bool carriesRecipient = false;
            for (const auto &im : e.images) {
                if (im.srcKind != "remote" || !im.hidden)
                    continue;
                const UrlParts u = parseUrl(im.src);
                const auto match = findRecipient(im.src, e.recipients);
                // Spacer images (1 pixel on one side only) lay out old HTML mail; they
                // only count when their URL says who is reading.
                if (im.hiddenReason == "1-pixel side" && !match)
                    continue;
                nlohmann::json j{{"src", im.src}, {"host", u.host}, {"hidden_reason", im.hiddenReason},
                                 {"width", im.width ? nlohmann::json(*im.width) : nlohmann::json()},
                                 {"height", im.height ? nlohmann::json(*im.height) : nlohmann::json()}};
                std::string text = describe(im) + " from " + defang(u.host.empty() ? im.src : u.host);
                if (match) {
                    j["recipient"] = match->recipient;
                    j["recipient_encoding"] = match->encoding;
                    j["recipient_location"] = match->location;
                    text += " carrying the recipient's address " + match->phrase() + " (" + match->location + ")";
                    if (!carriesRecipient)
                        first = text;
                    carriesRecipient = true;
                }
                if (first.empty())
                    first = text;
                images.push_back(std::move(j));
            }
            if (images.empty())
                continue;
            // Newsletters count opens with exactly such pixels: without a
            // recipient identifier in the URL, a bulk-mail pixel is routine.
            int severity = m_info.severity;
            std::string context;
            if (carriesRecipient) {
                severity = 75;
            } else if (e.bulk) {
                severity = 20;
                context = " The message is list/bulk mail, where open tracking is routine.";
            }
            std::string explanation = first;
            explanation[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(explanation[0])));
            explanation += " in " + e.label();
            if (images.size() > 1)
                explanation += " (" + std::to_string(images.size()) + " tracking images in all)";
            explanation += ": opening the message reports to the sender that it was read." + context;
            hits.push_back(makeHit(m_info, e.id, severity, std::move(explanation),
                                   {{"email_id", e.id}, {"images", std::move(images)}, {"bulk_mail", e.bulk}}));
        }
    }

private:
    AnalyzerInfo m_info{"harrier.email.tracking-pixel", 1, 40,
                        "Remote images that are 1×1, zero-sized or hidden by CSS (open tracking)"};
};

}  // namespace

std::unique_ptr<Analyzer> makeTrackingPixelAnalyzer() { return std::make_unique<TrackingPixelAnalyzer>(); }

}  // namespace harrier::rules::analyzers
