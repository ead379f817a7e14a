#include "parsers/outlook/item_builder.h"

#include "parsers/mail/gmime_util.h"
#include "parsers/outlook/mapi_tags.h"
#include "parsers/outlook/rtf_compression.h"

namespace harrier::parsers::outlook {

namespace {

std::string get(PropertySource &p, std::uint32_t id) { return p.string(id).value_or(std::string()); }

}  // namespace

std::string ItemBuilder::cleanSubject(std::string subject) {
    if (subject.size() >= 2 && subject[0] == '\x01')
        subject.erase(0, 2);
    return subject;
}

std::string ItemBuilder::charsetForCodepage(std::int64_t cp) {
    switch (cp) {
    case 65001: return "utf-8";
    case 20127: return "us-ascii";
    case 28591: return "iso-8859-1";
    case 28592: return "iso-8859-2";
    case 28595: return "iso-8859-5";
    case 28597: return "iso-8859-7";
    case 28605: return "iso-8859-15";
    case 20866: return "koi8-r";
    case 21866: return "koi8-u";
    case 50220: case 50221: case 50222: return "iso-2022-jp";
    case 51932: return "euc-jp";
    case 932: return "shift_jis";
    case 936: return "gbk";
    case 949: return "euc-kr";
    case 950: return "big5";
    case 1200: return "utf-16le";
    default:
        if (cp >= 1250 && cp <= 1258)
            return "windows-" + std::to_string(cp);
        return cp > 0 ? "CP" + std::to_string(cp) : std::string();
    }
}

void ItemBuilder::fill(PropertySource &p, OutlookItem &item) {
    item.messageClass = get(p, mapi::kMessageClass);
    item.subject = cleanSubject(get(p, mapi::kSubject));
    item.senderName = get(p, mapi::kSenderName);
    item.senderAddress = get(p, mapi::kSenderEmail);
    item.senderAddressType = get(p, mapi::kSenderAddrType);
    item.senderSmtp = get(p, mapi::kSenderSmtp);
    item.sentRepresentingName = get(p, mapi::kSentRepresentingName);
    item.sentRepresentingAddress = get(p, mapi::kSentRepresentingEmail);
    item.sentRepresentingSmtp = get(p, mapi::kSentRepresentingSmtp);
    if (item.senderName.empty() && item.senderAddress.empty()) {
        // Drafts and some exports only say whom the item is sent for.
        item.senderName = item.sentRepresentingName;
        item.senderAddress = item.sentRepresentingAddress;
        item.senderSmtp = item.sentRepresentingSmtp;
        item.senderAddressType = get(p, mapi::kSentRepresentingAddrType);
    }
    item.transportHeaders = get(p, mapi::kTransportHeaders);
    item.internetMessageId = get(p, mapi::kInternetMessageId);
    item.inReplyTo = get(p, mapi::kInReplyTo);
    item.conversationTopic = get(p, mapi::kConversationTopic);
    item.created = p.time(mapi::kCreationTime);
    item.modified = p.time(mapi::kModificationTime);
    item.submitted = p.time(mapi::kClientSubmitTime);
    item.delivered = p.time(mapi::kDeliveryTime);
    item.importance = p.integer(mapi::kImportance);
    item.sensitivity = p.integer(mapi::kSensitivity);
    item.flags = p.integer(mapi::kMessageFlags);

    item.bodyText = get(p, mapi::kBody);
    if (auto html = p.binary(mapi::kHtml); html && !html->empty()) {
        const std::string charset = charsetForCodepage(p.integer(mapi::kInternetCodepage).value_or(0));
        const std::string_view bytes(reinterpret_cast<const char *>(html->data()), html->size());
        item.bodyHtml = mail::toUtf8(bytes, charset.empty() ? nullptr : charset.c_str());
        while (!item.bodyHtml.empty() && item.bodyHtml.back() == '\0')
            item.bodyHtml.pop_back();
    }
    if (auto rtf = p.binary(mapi::kRtfCompressed); rtf && !rtf->empty()) {
        const ByteView compressed(rtf->data(), rtf->size());
        auto text = RtfCompression::decompress(compressed);
        if (text && !RtfCompression::crcMatches(compressed))
            p.problems.push_back("PR_RTF_COMPRESSED: CRC mismatch; the body may be damaged (kept as decompressed)");
        if (text)
            item.bodyRtf = std::move(*text);
        else
            p.problems.push_back("PR_RTF_COMPRESSED: " + text.error().message);
    }

    // Type-specific fields; named properties come resolved to their LIDs.
    const std::string kind = kindForMessageClass(item.messageClass);
    auto field = [&](const char *name, std::uint32_t id) {
        if (auto v = p.string(id); v && !v->empty())
            item.fields.emplace_back(name, *v);
    };
    auto when = [&](const char *desc, std::uint32_t id) {
        if (auto t = p.time(id))
            item.times.emplace_back(desc, *t);
    };
    if (kind == "calendar_item" || item.messageClass.starts_with("IPM.Schedule.Meeting")) {
        field("location", mapi::kLidAppointmentLocation);
        when("Appointment Start", mapi::kLidAppointmentStart);
        when("Appointment End", mapi::kLidAppointmentEnd);
    } else if (kind == "task") {
        when("Task Start", mapi::kLidTaskStart);
        when("Task Due", mapi::kLidTaskDue);
        if (auto v = p.integer(mapi::kLidTaskStatus))
            item.fields.emplace_back("task_status", std::to_string(*v));
    } else if (kind == "contact") {
        field("given_name", mapi::kGivenName);
        field("surname", mapi::kSurname);
        field("company_name", mapi::kCompanyName);
        field("job_title", mapi::kTitle);
        field("business_phone", mapi::kBusinessPhone);
        field("home_phone", mapi::kHomePhone);
        field("mobile_phone", mapi::kMobilePhone);
        field("email_address_1", mapi::kLidEmail1Address);
        field("email_display_1", mapi::kLidEmail1Display);
        field("email_address_2", mapi::kLidEmail2Address);
        field("email_address_3", mapi::kLidEmail3Address);
        field("display_name", mapi::kDisplayName);
        when("Contact Birthday", mapi::kBirthday);
    } else if (kind == "distribution_list") {
        field("list_name", mapi::kLidDistributionListName);
        field("display_name", mapi::kDisplayName);
    }
}

OutlookRecipient ItemBuilder::recipient(PropertySource &p) {
    OutlookRecipient r;
    r.type = static_cast<int>(p.integer(mapi::kRecipientType).value_or(1) & 0x0F);
    r.name = get(p, mapi::kDisplayName);
    r.address = get(p, mapi::kEmailAddress);
    r.addressType = get(p, mapi::kAddrType);
    r.smtpAddress = get(p, mapi::kSmtpAddress);
    return r;
}

OutlookAttachment ItemBuilder::attachment(PropertySource &p) {
    OutlookAttachment a;
    a.filename = get(p, mapi::kAttachLongFilename);
    a.shortName = get(p, mapi::kAttachFilename);
    if (a.filename.empty())
        a.filename = a.shortName;
    if (a.filename.empty())
        a.filename = get(p, mapi::kDisplayName);
    a.mimeTag = get(p, mapi::kAttachMimeTag);
    a.contentId = get(p, mapi::kAttachContentId);
    a.method = static_cast<std::uint32_t>(p.integer(mapi::kAttachMethod).value_or(0));
    a.hidden = p.integer(mapi::kAttachHidden).value_or(0) != 0;
    a.created = p.time(mapi::kCreationTime);
    a.modified = p.time(mapi::kModificationTime);
    return a;
}

}  // namespace harrier::parsers::outlook
