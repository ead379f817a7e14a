#include "parsers/outlook/outlook_emitter.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "parsers/mail/gmime_util.h"
#include "parsers/mail/header_analysis.h"
#include "parsers/mail/message_extractor.h"
#include "parsers/outlook/rtf_body.h"

namespace harrier::parsers::outlook {

using casestore::Attribute;
using casestore::ObjectId;
using nlohmann::json;

namespace {

bool startsWithCi(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && mail::lower(s.substr(0, prefix.size())) == mail::lower(prefix);
}

std::string safeName(std::string name) {
    for (char &c : name)
        if (c == '/' || c == '\\' || c == '\0')
            c = '_';
    name = std::string(mail::trim(name));
    if (name.size() > 255)
        name = name.substr(0, 255);
    return name;
}

/// The address an analyst can search for: SMTP when the item knows it,
/// else the stored address (an Exchange legacy DN for EX senders).
std::string bestAddress(const std::string &smtp, const std::string &address) {
    return mail::sanitizeUtf8(smtp.empty() ? address : smtp);
}

const char *recipientTypeName(int type) {
    switch (type) {
    case 2: return "cc";
    case 3: return "bcc";
    default: return "to";
    }
}

std::string stripAngles(std::string_view v) {
    v = mail::trim(v);
    if (v.size() >= 2 && v.front() == '<' && v.back() == '>')
        v = v.substr(1, v.size() - 2);
    return std::string(v);
}

bool hasAttr(const std::vector<Attribute> &attrs, std::string_view name) {
    return std::any_of(attrs.begin(), attrs.end(), [&](const Attribute &a) { return a.name == name; });
}

}  // namespace

std::string kindForMessageClass(std::string_view cls) {
    if (startsWithCi(cls, "IPM.Appointment") || startsWithCi(cls, "IPM.OLE.CLASS.{00061055"))
        return "calendar_item";
    if (startsWithCi(cls, "IPM.Contact"))
        return "contact";
    if (startsWithCi(cls, "IPM.DistList"))
        return "distribution_list";
    if (startsWithCi(cls, "IPM.Task") && !startsWithCi(cls, "IPM.TaskRequest"))
        return "task";
    if (startsWithCi(cls, "IPM.StickyNote"))
        return "note";
    if (startsWithCi(cls, "IPM.Activity"))
        return "journal_entry";
    return "email";  // IPM.Note*, IPM.Post, meeting and task requests, reports, unknown classes
}

OutlookEmitter::Stored OutlookEmitter::store(const OutlookItem &item, const Placement &placement) {
    casestore::ObjectRecord rec;
    rec.id = m_sink.newObjectId();
    rec.parentId = placement.parentId;
    rec.kind = kindForMessageClass(item.messageClass);
    rec.path = placement.path;
    rec.mimeType = rec.kind == "email" ? "application/vnd.ms-outlook" : std::string();
    rec.attributes = placement.attributes;
    Stored stored;
    stored.id = rec.id;
    stored.containerId = placement.containerId;
    stored.path = placement.path;
    stored.observables = std::make_unique<mail::ObservableCollector>(rec.id);
    mail::ObservableCollector &obs = *stored.observables;
    auto &attrs = rec.attributes;
    auto text = [&](const std::string &name, const std::string &v) {
        if (!v.empty())
            attrs.push_back(Attribute::ofText(name, mail::sanitizeUtf8(v)));
    };

    // Transport headers: the same analysis as an EML's header block.
    mail::HeaderAnalysis headers;
    bool haveHeaders = false;
    if (!item.transportHeaders.empty()) {
        if (auto parsed = mail::HeaderAnalyzer::parseHeaderBlock(item.transportHeaders)) {
            headers = mail::HeaderAnalyzer::analyze(parsed.get(), obs);
            attrs.insert(attrs.end(), headers.attributes.begin(), headers.attributes.end());
            haveHeaders = true;
        } else {
            m_sink.addError(placement.containerId, placement.path, std::nullopt,
                            "transport headers present but not parseable as RFC 822 headers",
                            casestore::ErrorSeverity::Warning);
        }
    }
    attrs.push_back(Attribute::ofInt("transport_headers_present", haveHeaders ? 1 : 0));

    // MAPI values fill what the headers did not say (items never sent over
    // SMTP have no headers; Bcc is only known to the sender's copy).
    std::vector<mail::MailAddress> from;
    const std::string senderAddress = bestAddress(item.senderSmtp, item.senderAddress);
    if (!senderAddress.empty() || !item.senderName.empty())
        from.push_back({mail::sanitizeUtf8(item.senderName), senderAddress});
    if (!hasAttr(attrs, "from") && !from.empty()) {
        attrs.push_back(Attribute::ofText("from", mail::HeaderAnalyzer::addressJson(from)));
        text("from_display", mail::HeaderAnalyzer::display(from));
        text("from_address", mail::lower(senderAddress));
        headers.from = from;
    }
    for (const auto &a : from)
        obs.addEmail(a.address, "sender (MAPI)");
    std::vector<mail::MailAddress> byType[4];
    json recipients = json::array();
    for (const auto &r : item.recipients) {
        const std::string address = bestAddress(r.smtpAddress, r.address);
        byType[std::clamp(r.type, 1, 3)].push_back({mail::sanitizeUtf8(r.name), address});
        recipients.push_back({{"type", recipientTypeName(r.type)},
                              {"name", mail::sanitizeUtf8(r.name)},
                              {"address", address},
                              {"address_type", mail::sanitizeUtf8(r.addressType)},
                              {"smtp_address", mail::sanitizeUtf8(r.smtpAddress)}});
        obs.addEmail(address, std::string(recipientTypeName(r.type)) + " (MAPI)");
    }
    for (int t = 1; t <= 3; ++t) {
        const char *name = recipientTypeName(t);
        if (!byType[t].empty() && !hasAttr(attrs, name))
            attrs.push_back(Attribute::ofText(name, mail::HeaderAnalyzer::addressJson(byType[t])));
    }
    if (headers.to.empty())
        headers.to = byType[1];
    if (!recipients.empty())
        attrs.push_back(Attribute::ofText("recipients", recipients.dump(-1, ' ', false, json::error_handler_t::replace)));
    const std::string subject = mail::sanitizeUtf8(item.subject);
    if (!hasAttr(attrs, "subject"))
        text("subject", subject);
    if (headers.subject.empty())
        headers.subject = subject;
    if (!hasAttr(attrs, "message_id"))
        text("message_id", stripAngles(item.internetMessageId));
    if (!hasAttr(attrs, "in_reply_to"))
        text("in_reply_to", stripAngles(item.inReplyTo));
    if (!item.sentRepresentingName.empty() || !item.sentRepresentingAddress.empty()) {
        json sr = json::array({{{"name", mail::sanitizeUtf8(item.sentRepresentingName)},
                                {"address", bestAddress(item.sentRepresentingSmtp, item.sentRepresentingAddress)}}});
        attrs.push_back(Attribute::ofText("sent_representing", sr.dump(-1, ' ', false, json::error_handler_t::replace)));
    }
    text("sender_address_type", item.senderAddressType);
    text("message_class", item.messageClass);
    text("conversation_topic", item.conversationTopic);
    if (item.importance)
        attrs.push_back(Attribute::ofInt("importance", *item.importance));
    if (item.sensitivity)
        attrs.push_back(Attribute::ofInt("sensitivity", *item.sensitivity));
    if (item.flags)
        attrs.push_back(Attribute::ofInt("message_flags", *item.flags));
    if (item.recovered)
        attrs.push_back(Attribute::ofInt("recovered", 1));
    const std::pair<const char *, const std::optional<UtcTime> *> mapiTimes[] = {
        {"creation_time", &item.created},
        {"submit_time", &item.submitted},
        {"delivery_time", &item.delivered},
        {"modification_time", &item.modified}};
    for (const auto &[name, t] : mapiTimes)
        if (*t)
            attrs.push_back(Attribute::ofTime(name, **t));
    if (!haveHeaders && item.submitted && !hasAttr(attrs, "date"))
        attrs.push_back(Attribute::ofTime("date", *item.submitted));
    for (const auto &[name, value] : item.fields)
        text(name, value);
    for (const auto &[desc, t] : item.times) {
        std::string name = mail::lower(desc);
        std::replace(name.begin(), name.end(), ' ', '_');
        attrs.push_back(Attribute::ofTime(name, t));
    }

    // Bodies: plain and HTML as stored; RTF kept, and de-encapsulated when it
    // is the only source of HTML (or of any text).
    std::string bodyText = item.bodyText, bodyHtml = item.bodyHtml;
    if (!item.bodyRtf.empty()) {
        const bool cut = item.bodyRtf.size() > kMaxRtfChars;
        attrs.push_back(Attribute::ofText("body_rtf", mail::sanitizeUtf8(item.bodyRtf.substr(0, kMaxRtfChars))));
        if (cut)
            attrs.push_back(Attribute::ofInt("body_rtf_truncated", 1));
        if (bodyHtml.empty() || bodyText.empty()) {
            RtfContent rtf = RtfBody::decode(item.bodyRtf);
            if (rtf.kind == RtfContent::Kind::Html && bodyHtml.empty() && !rtf.html.empty()) {
                bodyHtml = std::move(rtf.html);
                attrs.push_back(Attribute::ofText("body_html_source", "rtf"));
            } else if (rtf.kind != RtfContent::Kind::Html && bodyText.empty() && !rtf.text.empty()) {
                bodyText = std::move(rtf.text);
                attrs.push_back(Attribute::ofText("body_text_source", "rtf"));
            }
        }
    }
    mail::BodyAnalyzer::analyze(bodyText, bodyHtml, attrs, obs);
    attrs.push_back(Attribute::ofInt("attachment_count", static_cast<std::int64_t>(item.attachmentCount)));
    attrs.push_back(Attribute::ofInt("nested_message_count", static_cast<std::int64_t>(item.embeddedMessageCount)));

    rec.name = subject.empty() ? "(no subject)" : subject.substr(0, 512);
    const std::string kind = rec.kind;
    m_sink.addObject(std::move(rec));

    // Timeline: header events exactly as for MIME mail; MAPI times as their own.
    if (!haveHeaders && item.submitted && kind == "email")
        headers.date = item.submitted;  // "Message Sent" from PR_CLIENT_SUBMIT_TIME when no Date header exists
    mail::HeaderAnalyzer::emitEvents(m_sink, stored.id, headers);
    const std::string who = mail::HeaderAnalyzer::display(headers.from);
    auto event = [&](UtcTime t, const std::string &desc, const std::string &type) {
        casestore::EventRecord e;
        e.time = t;
        e.timestampDesc = desc;
        e.eventType = type;
        e.objectId = stored.id;
        e.user = headers.from.empty() ? std::string() : mail::lower(headers.from.front().address);
        e.message = mail::sanitizeUtf8(desc + ": " + (kind == "email" ? "from " + (who.empty() ? "(unknown)" : who) + ": " : "") +
                                       (subject.empty() ? "(no subject)" : subject) +
                                       (item.recovered ? " [recovered]" : ""));
        m_sink.addEvent(std::move(e));
    };
    if (item.delivered && kind == "email")
        event(*item.delivered, "Message Delivered", "email:delivered");
    if (item.created)
        event(*item.created, "Item Created", "outlook:" + kind);
    if (item.modified)
        event(*item.modified, "Item Modified", "outlook:" + kind);
    for (const auto &[desc, t] : item.times)
        event(t, desc, "outlook:" + kind);
    return stored;
}

std::vector<Attribute> OutlookEmitter::attachmentAttributes(Stored &parent, const OutlookAttachment &meta,
                                                            std::string &filename, std::string &path) {
    const std::size_t index = ++parent.attachmentIndex;
    filename = safeName(mail::sanitizeUtf8(meta.filename));
    std::vector<Attribute> attrs;
    if (filename.empty()) {
        filename = "attachment-" + std::to_string(index) + ".bin";
        attrs.push_back(Attribute::ofInt("filename_generated", 1));
    }
    attrs.insert(attrs.begin(), Attribute::ofText("filename", filename));
    if (!meta.mimeTag.empty())
        attrs.push_back(Attribute::ofText("declared_type", mail::sanitizeUtf8(meta.mimeTag)));
    if (!meta.contentId.empty())
        attrs.push_back(Attribute::ofText("content_id", mail::sanitizeUtf8(meta.contentId)));
    if (!meta.shortName.empty())
        attrs.push_back(Attribute::ofText("short_filename", mail::sanitizeUtf8(meta.shortName)));
    attrs.push_back(Attribute::ofInt("attach_method", meta.method));
    attrs.push_back(Attribute::ofInt("attachment_index", static_cast<std::int64_t>(index)));
    if (meta.hidden)
        attrs.push_back(Attribute::ofInt("hidden", 1));
    if (meta.created)
        attrs.push_back(Attribute::ofTime("attachment_created", *meta.created));
    if (meta.modified)
        attrs.push_back(Attribute::ofTime("attachment_modified", *meta.modified));
    path = parent.path + "/" + std::to_string(index) + "/" + filename;
    return attrs;
}

void OutlookEmitter::attachment(Stored &parent, const OutlookAttachment &meta, ByteView data) {
    std::string filename, path;
    std::vector<Attribute> attrs = attachmentAttributes(parent, meta, filename, path);
    mail::MessageExtractor::ingestAttachment(m_sink, parent.id, path, filename, std::move(attrs), data,
                                             *parent.observables);
}

void OutlookEmitter::attachmentStream(Stored &parent, const OutlookAttachment &meta, ingest::ByteStream &data) {
    std::string filename, path;
    std::vector<Attribute> attrs = attachmentAttributes(parent, meta, filename, path);
    attrs.push_back(Attribute::ofInt("not_inspected", 1));
    ingest::NestedItem item{filename, path, "attachment", std::move(attrs), {}};
    const ingest::NestedOutcome outcome = m_sink.ingestNested(parent.id, std::move(item), data);
    if (!outcome.sha256.empty())
        parent.observables->addHash("sha256", outcome.sha256, "attachment " + filename);
}

Placement OutlookEmitter::embeddedPlacement(Stored &parent, const OutlookAttachment &meta) {
    const std::size_t index = ++parent.attachmentIndex;
    Placement p;
    p.parentId = parent.id;
    p.containerId = parent.containerId;
    p.path = parent.path + "/" + std::to_string(index) + ".msg";
    p.attributes.push_back(Attribute::ofInt("attachment_index", static_cast<std::int64_t>(index)));
    if (!meta.filename.empty())
        p.attributes.push_back(Attribute::ofText("attachment_name", mail::sanitizeUtf8(meta.filename)));
    return p;
}

void OutlookEmitter::finish(Stored &stored) {
    if (stored.observables)
        stored.observables->flush(m_sink);
    stored.observables.reset();
}

}  // namespace harrier::parsers::outlook
