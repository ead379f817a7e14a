// harrier.email.tracking-campaign: one URL template, many messages, many
// recipients, a different token for each. That is how a tracking campaign
// looks from the receiving side (APT31 sent >10,000 such news-styled mails
// to parliamentarians): every message alone looks like a newsletter, the
// group is the finding. URLs are normalised to host + path + parameter names
// with token-like parts replaced by {token}; groups over the thresholds
// become ONE hit listing every member message.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "rules/analyzers/analysis_data.h"
#include "rules/analyzers/analyzer_registry.h"
#include "rules/analyzers/recipient_match.h"
#include "rules/analyzers/url_util.h"

namespace harrier::rules::analyzers {

namespace {

constexpr const char *kToken = "{token}";

// Identifiers generated per message look like this; words do not.
bool tokenLike(const std::string &s) {
    if (s.find('@') != std::string::npos && s.size() >= 6)
        return true;
    bool digit = false, alpha = false, b64 = true;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        digit = digit || std::isdigit(u);
        alpha = alpha || std::isalpha(u);
        b64 = b64 && (std::isalnum(u) || c == '-' || c == '_' || c == '=' || c == '+' || c == '%');
    }
    if (s.size() >= 6 && digit && alpha && b64)
        return true;
    if (s.size() >= 5 && digit && !alpha && b64)
        return true;  // numeric ids
    return s.size() >= 20 && b64;
}

struct Normalised {
    std::string templ;
    std::string tokens;  ///< the replaced parts, joined: what varies per message
    bool hasToken = false;
};

Normalised normalise(const UrlParts &u) {
    Normalised n;
    n.templ = u.host;
    auto piece = [&](const std::string &raw) {
        const std::string dec = percentDecode(raw, true);
        // "abc123def.gif": the stem is the token, the extension is template.
        const auto dot = dec.rfind('.');
        const std::string stem = dot != std::string::npos && dec.size() - dot <= 5 ? dec.substr(0, dot) : dec;
        if (tokenLike(stem)) {
            n.tokens += stem + "|";
            n.hasToken = true;
            return std::string(kToken) + (stem.size() < dec.size() ? toLower(dec.substr(stem.size())) : "");
        }
        return toLower(dec);
    };
    std::size_t pos = 0;
    const std::string &path = u.path;
    while (pos < path.size()) {
        std::size_t next = path.find('/', pos + 1);
        if (next == std::string::npos)
            next = path.size();
        const std::string seg = path.substr(pos + 1, next - pos - 1);
        n.templ += "/" + (seg.empty() ? seg : piece(seg));
        pos = next;
    }
    auto params = splitQuery(u.query);
    std::sort(params.begin(), params.end());
    char sep = '?';
    for (const auto &[k, v] : params) {
        n.templ += sep + toLower(percentDecode(k, true)) + "=" + (v.empty() ? v : piece(v));
        sep = '&';
    }
    return n;
}

struct Group {
    std::string templ, host, example;
    std::set<casestore::ObjectId> messages;
    std::set<std::string> recipients, tokens, origins;
};

struct Campaign {
    std::vector<const Group *> groups;
    std::set<casestore::ObjectId> messages;
    std::set<std::string> recipients, tokens;
    bool image = false;
};

class TrackingCampaignAnalyzer final : public Analyzer {
public:
    const AnalyzerInfo &info() const override { return m_info; }

    void run(const AnalysisData &data, const AnalyzerOptions &options,
             std::vector<casestore::HitRecord> &hits) const override {
        std::map<std::string, Group> groups;
        for (const auto &e : data.emails) {
            for (const auto &url : e.urls) {
                const UrlParts u = parseUrl(url.url);
                if (!u.valid)
                    continue;
                const Normalised n = normalise(u);
                if (!n.hasToken)
                    continue;  // the same URL for everybody is a broadcast, not tracking
                Group &g = groups[n.templ];
                g.templ = n.templ;
                g.host = u.host;
                if (g.example.empty())
                    g.example = url.url;
                g.messages.insert(e.id);
                g.tokens.insert(n.tokens);
                g.origins.insert(url.origin);
                for (const auto &r : e.recipients)
                    g.recipients.insert(r);
            }
        }
        std::vector<const Group *> candidates;
        for (const auto &[k, g] : groups) {
            const std::size_t varying = std::max<std::size_t>(2, g.messages.size() / 2);
            if (g.messages.size() >= options.campaignMinMessages && g.recipients.size() >= options.campaignMinRecipients &&
                g.tokens.size() >= varying)
                candidates.push_back(&g);
        }
        std::sort(candidates.begin(), candidates.end(), [](const Group *a, const Group *b) {
            return a->messages.size() != b->messages.size() ? a->messages.size() > b->messages.size() : a->templ < b->templ;
        });
        // A campaign mail usually has several tracked URLs (pixel, article
        // link, unsubscribe): templates sharing most of their messages are one campaign.
        std::vector<Campaign> campaigns;
        for (const Group *g : candidates) {
            Campaign *into = nullptr;
            for (auto &c : campaigns) {
                std::size_t shared = 0;
                for (auto id : g->messages)
                    shared += c.messages.count(id);
                if (shared * 2 >= std::min(g->messages.size(), c.messages.size())) {
                    into = &c;
                    break;
                }
            }
            if (!into)
                into = &campaigns.emplace_back();
            into->groups.push_back(g);
            into->messages.insert(g->messages.begin(), g->messages.end());
            into->recipients.insert(g->recipients.begin(), g->recipients.end());
            into->tokens.insert(g->tokens.begin(), g->tokens.end());
            into->image = into->image || g->origins.count("img src") > 0;
        }
        for (const auto &c : campaigns) {
            nlohmann::json templates = nlohmann::json::array();
            for (const Group *g : c.groups)
                templates.push_back({{"template", g->templ}, {"host", g->host}, {"messages", g->messages.size()},
                                     {"recipients", g->recipients.size()}, {"distinct_tokens", g->tokens.size()},
                                     {"example_url", g->example},
                                     {"origins", std::vector<std::string>(g->origins.begin(), g->origins.end())}});
            const Group &main = *c.groups.front();
            std::string members;
            std::size_t shown = 0;
            for (auto id : c.messages) {
                if (shown++ == 10) {
                    members += ", ...";
                    break;
                }
                members += (members.empty() ? "" : ", ") + std::to_string(id);
            }
            std::string explanation =
                "One URL template, " + defang(main.templ) + ", appears in " + std::to_string(main.messages.size()) +
                " messages to " + std::to_string(main.recipients.size()) + " recipients with " +
                std::to_string(main.tokens.size()) + " distinct tokens: a per-recipient tracking campaign";
            if (c.groups.size() > 1)
                explanation += " (" + std::to_string(c.groups.size()) + " URL templates, " +
                               std::to_string(c.messages.size()) + " messages in all)";
            explanation += ". Member messages: " + members + ".";
            const std::vector<casestore::ObjectId> ids(c.messages.begin(), c.messages.end());
            std::vector<std::string> rcpt(c.recipients.begin(), c.recipients.end());
            if (rcpt.size() > 1000)
                rcpt.resize(1000);
            hits.push_back(makeHit(m_info, ids.front(), c.image ? 70 : m_info.severity, std::move(explanation),
                                   {{"member_email_ids", ids},
                                    {"member_count", ids.size()},
                                    {"recipients", rcpt},
                                    {"recipient_count", c.recipients.size()},
                                    {"templates", std::move(templates)},
                                    {"thresholds",
                                     {{"min_messages", options.campaignMinMessages},
                                      {"min_recipients", options.campaignMinRecipients}}}}));
        }
    }

private:
    AnalyzerInfo m_info{"harrier.email.tracking-campaign", 1, 60,
                        "One URL template with per-recipient tokens across many messages and recipients"};
};

}  // namespace

std::unique_ptr<Analyzer> makeTrackingCampaignAnalyzer() { return std::make_unique<TrackingCampaignAnalyzer>(); }

}  // namespace harrier::rules::analyzers
