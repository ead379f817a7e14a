#pragma once
/// The header half of the email data model, shared by every mail source:
/// MIME messages (MessageExtractor) and Outlook items whose transport
/// headers (PR_TRANSPORT_MESSAGE_HEADERS) are a bare RFC 822 header block.
/// One implementation, so a message seen in a PST and in an EML export
/// yields the same attributes, hops, verdicts, observables and events.

#include <gmime/gmime.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casestore/records.h"
#include "ingest/artifact_sink.h"
#include "parsers/mail/gmime_util.h"
#include "parsers/mail/html_scan.h"
#include "parsers/mail/observable_collector.h"
#include "parsers/mail/received_chain.h"

namespace harrier::parsers::mail {

struct MailAddress {
    std::string name, address;
};

struct HeaderAnalysis {
    /// headers, from/sender/reply_to/to/cc/bcc/delivered_to/return_path, from_display,
    /// from_address, subject, subject_raw, date, date_original, message_id, in_reply_to,
    /// references, x_mailer, user_agent, x_originating_ip, received_hops, auth_results.
    std::vector<casestore::Attribute> attributes;
    std::vector<MailAddress> from, to;
    std::string subject;
    std::optional<UtcTime> date;
    std::vector<ReceivedHop> hops;
};

class HeaderAnalyzer {
public:
    /// Analyses the message's header list; observables go to `obs`.
    static HeaderAnalysis analyze(GMimeMessage *message, ObservableCollector &obs);
    /// Parses a bare header block (no body) with the mail parsers' options.
    /// Returns an empty pointer when GMime finds no header at all.
    static GPtr<GMimeMessage> parseHeaderBlock(std::string_view headers);
    /// "Message Sent" (Date) and one "Message Received" per timed hop.
    static void emitEvents(ingest::ArtifactSink &sink, casestore::ObjectId emailId, const HeaderAnalysis &analysis);
    /// `Name <address>` of the first mailbox ("" when none).
    static std::string display(const std::vector<MailAddress> &list);
    /// `[{"name","address"}]` as the data model writes it.
    static std::string addressJson(const std::vector<MailAddress> &list);
};

/// The body half: body_text/body_html (cut at 2 MiB), urls, images, forms,
/// and the URL observables.
class BodyAnalyzer {
public:
    static void analyze(const std::string &text, const std::string &html, std::vector<casestore::Attribute> &attrs,
                        ObservableCollector &obs);
    static constexpr std::size_t kMaxBodyChars = 2u << 20;
};

}  // namespace harrier::parsers::mail
