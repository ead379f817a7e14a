#pragma once
/// One Outlook item (message, appointment, contact, task, note, distribution
/// list) as read from a PST (libpff) or an MSG file (libolecf), before it is
/// written into the case's email data model by OutlookEmitter. Both readers
/// fill this, so PST and MSG items are stored identically.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/utc_time.h"

namespace harrier::parsers::outlook {

struct OutlookRecipient {
    int type = 1;  ///< PR_RECIPIENT_TYPE: 1 to, 2 cc, 3 bcc
    std::string name, address, addressType, smtpAddress;
};

struct OutlookAttachment {
    std::string filename;   ///< long name, else short name, else display name
    std::string shortName;
    std::string mimeTag, contentId;
    std::uint32_t method = 0;  ///< PR_ATTACH_METHOD
    bool hidden = false;
    std::optional<UtcTime> created, modified;
};

struct OutlookItem {
    std::string messageClass;
    std::string subject;
    std::string senderName, senderAddress, senderAddressType, senderSmtp;
    std::string sentRepresentingName, sentRepresentingAddress, sentRepresentingSmtp;
    std::string transportHeaders;
    std::string internetMessageId, inReplyTo, conversationTopic;
    std::string bodyText;  ///< UTF-8
    std::string bodyHtml;  ///< UTF-8
    std::string bodyRtf;   ///< decompressed RTF (ASCII with escapes)
    std::optional<UtcTime> created, submitted, delivered, modified;
    std::optional<std::int64_t> importance, sensitivity, flags;
    std::vector<OutlookRecipient> recipients;
    /// Type-specific text fields ("location", "company_name", ...) as attributes.
    std::vector<std::pair<std::string, std::string>> fields;
    /// Type-specific times ("Appointment Start", ...) as attributes and events.
    std::vector<std::pair<std::string, UtcTime>> times;
    std::size_t attachmentCount = 0;      ///< file attachments (set before emitting)
    std::size_t embeddedMessageCount = 0; ///< attached messages
    bool recovered = false;
};

/// The case object kind for a message class ("email", "calendar_item", ...).
std::string kindForMessageClass(std::string_view messageClass);

}  // namespace harrier::parsers::outlook
