#pragma once
/// The demo scenario: a fictional parliament's mail journal with a
/// news-styled reconnaissance campaign in it, and a Velociraptor collection
/// of its intranet web server with a webshell on it. All names live under the
/// reserved `.example` TLD (RFC 2606) and all attacker IPs in documentation
/// ranges (RFC 5737), so the shipped IOC list can never hit real traffic.
///
/// The generator is deterministic for a seed. DemoFacts is what the scenario
/// contains by construction; tests compare Harrier's findings with it.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"

namespace harrier::demo {

struct DemoParams {
    std::uint64_t seed = 0x4861727269657231ULL;  // "Harrier1"
    int ordinaryMessages = 240;    ///< everyday traffic: threads, replies, attachments
    int campaignRecipients = 60;   ///< one campaign message per recipient
    int webshellPosts = 42;        ///< POSTs to the webshell across the IIS logs
};

enum class TokenEncoding { Plain, UrlEncoded, Base64 };
const char *toString(TokenEncoding e);

/// One message of the campaign, as written.
struct CampaignMessage {
    std::string recipient;   ///< the address the token identifies
    std::string messageId;   ///< without angle brackets
    std::string senderDomain;
    TokenEncoding encoding = TokenEncoding::Plain;
    std::string token;       ///< exactly as it appears in the URLs
    std::string pixelUrl;    ///< remote 1x1 image
    std::string linkUrl;     ///< the article link
    bool pixelHiddenByCss = false;  ///< display:none rather than width/height 1
};

struct DemoFacts {
    std::filesystem::path mboxPath;
    std::filesystem::path collectionPath;
    std::string organisationDomain;

    // Mailbox
    int messages = 0;          ///< all messages in the mbox
    int ordinaryMessages = 0;
    int replies = 0;           ///< ordinary messages with In-Reply-To
    int attachments = 0;       ///< attachment parts in ordinary messages
    int newsletterMessages = 0;  ///< the organisation's own press review (remote images, no tokens)
    std::vector<std::string> attackerDomains;
    std::vector<CampaignMessage> campaign;

    // Endpoint collection
    std::string hostname;
    std::string webRoot;             ///< C:\inetpub\wwwroot
    std::string webshellPath;        ///< Windows path of the .aspx
    std::string webshellUri;         ///< its URL path in the IIS logs
    std::string webshellSha256;
    std::map<std::string, int> webshellPostsByIp;
    int webshellPosts = 0;
    int iisLogFiles = 0;
    int iisRequests = 0;             ///< log lines that are requests (not # directives)
    std::string clickedUrl;          ///< the campaign link visited in the admin's Chrome
    std::string clickedBy;           ///< whose token that link carries
    int historyVisits = 0;
    std::string taskPath;            ///< the persistence task's file
    int uploads = 0;                 ///< files listed in uploads.json
};

/// Writes `dir/evidence/<mailbox>.mbox` and `dir/evidence/Collection-<host>-<time>.zip`
/// (replacing earlier copies) and returns what they contain.
Result<DemoFacts> generateScenario(const std::filesystem::path &dir, const DemoParams &params = {});

nlohmann::json toJson(const DemoFacts &facts);

}  // namespace harrier::demo
