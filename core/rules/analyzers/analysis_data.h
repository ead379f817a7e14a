#pragma once
/// The case as the analyzers see it: emails with their parsed attributes
/// (the JSON schemas of the email data model decoded once), attachment
/// trees, web-server requests, file objects and the latest YARA/IOC hits.
/// Loaded once per run, only the parts an enabled analyzer needs.

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "casestore/analyzer_inputs.h"
#include "casestore/hit_store.h"
#include "casestore/scan_inputs.h"

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::rules::analyzers {

struct MailAddress {
    std::string name;
    std::string address;  ///< lowercase
};

struct MailUrl {
    std::string url;
    std::string origin;      ///< "href", "img src", "text", ...
    std::string anchorText;  ///< links only
};

struct MailImage {
    std::string src;
    std::string srcKind;  ///< "remote", "cid", "data", "relative", "none"
    std::optional<int> width, height;
    bool hidden = false;
    std::string hiddenReason;  ///< "display:none", "visibility:hidden", "opacity:0", "1x1", "zero size", "1-pixel side"
};

struct MailAuthVerdict {
    std::string header, method, result, domain, reason;
};

struct EmailFacts {
    casestore::ObjectId id = 0;
    std::string path, subject, messageId;
    std::vector<MailAddress> from, sender, replyTo, returnPath, to, cc, bcc, deliveredTo;
    std::vector<std::string> recipients;  ///< lowercase, unique: To, Cc, Bcc, Delivered-To, Received "for"
    std::vector<MailUrl> urls;
    std::vector<MailImage> images;
    std::vector<MailAuthVerdict> auth;
    std::vector<std::pair<std::string, std::string>> headers;  ///< lowercase name, decoded value
    /// Sent to a list (List-Id, List-Unsubscribe, Precedence: bulk/list):
    /// newsletters track opens as a matter of course.
    bool bulk = false;
    /// Registrable domains of the list server the message came through
    /// (Sender, Errors-To, X-BeenThere, List-Id, List-Post, X-Mailing-List):
    /// lists rewrite Reply-To and Return-Path to themselves.
    std::vector<std::string> listDomains;

    std::string header(std::string_view lowercaseName) const;
    /// "message 12 ("subject")" for explanations.
    std::string label() const;
};

struct WebRequest {
    casestore::EventId eventId = 0;
    casestore::ObjectId logId = 0;
    UtcTime time;
    std::string clientIp, method, path, query;  ///< path percent-decoded, as requested
    int status = 0;
};

struct AnalysisNeeds {
    bool emails = false, attachments = false, web = false;
};

struct AnalysisData {
    std::vector<EmailFacts> emails;
    std::vector<casestore::AttachmentNode> attachments;
    std::vector<casestore::ObjectFacts> scriptFiles;  ///< objects named like server-side scripts
    std::vector<WebRequest> webRequests;              ///< time order
    std::vector<casestore::HitRecord> ruleHits;       ///< latest YARA and IOC hits
};

Result<AnalysisData> loadAnalysisData(casestore::CaseDb &db, const AnalysisNeeds &needs);

/// Parses an IIS or Apache request event's message; nullopt when it is not one.
std::optional<WebRequest> parseWebRequest(const casestore::WebRequestEvent &event);
/// ".aspx", ".php", ... (lowercase) when the name is a server-side script.
bool isServerScript(std::string_view name);

}  // namespace harrier::rules::analyzers
