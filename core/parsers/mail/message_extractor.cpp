#include "parsers/mail/message_extractor.h"

#include <algorithm>
#include <set>

#include "base/hashing.h"
#include "ingest/byte_stream.h"
#include "parsers/mail/attachment_inspect.h"
#include "parsers/mail/auth_results.h"
#include "parsers/mail/gmime_util.h"
#include "parsers/mail/html_scan.h"
#include "parsers/mail/inline_binaries.h"
#include "parsers/mail/observable_collector.h"
#include "parsers/mail/received_chain.h"
#include "parsers/mail/tnef_reader.h"

namespace harrier::parsers::mail {

using casestore::Attribute;
using casestore::ObjectId;
using nlohmann::json;

namespace {

constexpr int kMaxMimeLevels = 64;
constexpr std::size_t kMaxHeaderValue = 64u << 10;

std::string headerValue(GMimeHeaderList *list, const char *name) {
    GMimeHeader *h = g_mime_header_list_get_header(list, name);
    return h ? sanitizeUtf8(str(g_mime_header_get_value(h))) : std::string();
}

std::vector<std::string> allValues(GMimeHeaderList *list, std::string_view name) {
    std::vector<std::string> out;
    const int n = g_mime_header_list_get_count(list);
    for (int i = 0; i < n; ++i) {
        GMimeHeader *h = g_mime_header_list_get_header_at(list, i);
        if (h && g_ascii_strcasecmp(g_mime_header_get_name(h), std::string(name).c_str()) == 0) {
            std::string v = takeGString(g_mime_utils_header_unfold(g_mime_header_get_raw_value(h)));
            out.push_back(toUtf8(std::string_view(v).substr(0, kMaxHeaderValue), nullptr));
        }
    }
    return out;
}

struct Address {
    std::string name, address;
};

void flatten(InternetAddressList *list, std::vector<Address> &out) {
    if (!list)
        return;
    const int n = internet_address_list_length(list);
    for (int i = 0; i < n && out.size() < 5000; ++i) {
        InternetAddress *ia = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
            out.push_back({sanitizeUtf8(str(internet_address_get_name(ia))),
                           sanitizeUtf8(str(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia))))});
        } else if (INTERNET_ADDRESS_IS_GROUP(ia)) {
            flatten(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), out);
        }
    }
}

std::vector<Address> parseAddresses(const std::vector<std::string> &values) {
    std::vector<Address> out;
    for (const auto &v : values) {
        InternetAddressList *list = internet_address_list_parse(parserOptions(), v.c_str());
        flatten(list, out);
        if (list)
            g_object_unref(list);
    }
    return out;
}

json addressJson(const std::vector<Address> &list) {
    json arr = json::array();
    for (const auto &a : list)
        arr.push_back({{"name", a.name}, {"address", a.address}});
    return arr;
}

std::string display(const std::vector<Address> &list) {
    if (list.empty())
        return {};
    const Address &a = list.front();
    return a.name.empty() ? a.address : a.name + " <" + a.address + ">";
}

std::string mimeTypeOf(GMimeObject *object) {
    GMimeContentType *ct = g_mime_object_get_content_type(object);
    return ct ? lower(takeGString(g_mime_content_type_get_mime_type(ct))) : std::string("text/plain");
}

std::string stripAngles(std::string v) {
    v = std::string(trim(v));
    if (v.size() >= 2 && v.front() == '<' && v.back() == '>')
        v = v.substr(1, v.size() - 2);
    return v;
}

std::string safeName(std::string name) {
    // A file name from hostile mail: keep it readable but never a path.
    for (char &c : name)
        if (c == '/' || c == '\\' || c == '\0')
            c = '_';
    name = std::string(trim(name));
    if (name.size() > 255)
        name = name.substr(0, 255);
    return name;
}

std::string extensionFor(const std::string &mime) {
    if (mime == "text/plain")
        return ".txt";
    if (mime == "text/html")
        return ".html";
    if (mime == "message/rfc822")
        return ".eml";
    const auto slash = mime.find('/');
    return slash == std::string::npos ? ".bin" : "." + mime.substr(slash + 1, 16);
}

// A body that was quoted-printable encoded but declared otherwise still
// carries "=3D" and soft line breaks; decoding it lets width=3D"1" be seen.
std::string undoStrayQp(const std::string &html) {
    if (html.find("=3D") == std::string::npos && html.find("=3d") == std::string::npos)
        return html;
    std::string out(html.size() + 4, '\0');
    int state = 0;
    guint32 save = 0;
    const std::size_t n = g_mime_encoding_quoted_decode_step(reinterpret_cast<const unsigned char *>(html.data()),
                                                             html.size(), reinterpret_cast<unsigned char *>(out.data()),
                                                             &state, &save);
    out.resize(n);
    return sanitizeUtf8(out);
}

}  // namespace

void MessageExtractor::readBody(GMimePart *part, bool html, Walk &walk) {
    // Bodies are read into memory for text analysis: a multi-gigabyte "body"
    // is cut (the raw message and the mbox keep every byte).
    bool truncated = false;
    const auto bytes = decodedContent(part, kMaxBodyDecode, &truncated);
    if (truncated)
        m_sink.addError(m_container, "", std::nullopt,
                        "a body part larger than 64 MiB was analysed only in its first 64 MiB",
                        casestore::ErrorSeverity::Warning);
    const std::string_view raw(reinterpret_cast<const char *>(bytes.data()), bytes.size());
    const char *charset = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
    std::string text = toUtf8(raw, charset);
    if (!html)
        for (auto &bin : InlineBinaries::find(raw))
            walk.inlineFiles.push_back({bin.name, bin.encoding, std::move(bin.data)});
    std::string &target = html ? walk.html : walk.text;
    if (!target.empty())
        target += "\n";
    target += text;
}

void MessageExtractor::collect(GMimeObject *object, const std::string &partPath, Walk &walk, int level) {
    if (!object)
        return;
    if (level > kMaxMimeLevels) {
        m_sink.addError(m_container, partPath, std::nullopt, "MIME nesting deeper than 64 levels: rest skipped",
                        casestore::ErrorSeverity::Warning);
        return;
    }
    const std::string mime = mimeTypeOf(object);
    json node{{"part", partPath.empty() ? "0" : partPath}, {"content_type", sanitizeUtf8(mime)}};
    if (const char *disp = g_mime_object_get_disposition(object))
        node["disposition"] = sanitizeUtf8(lower(disp));
    if (GMIME_IS_MULTIPART(object)) {
        walk.structure.push_back(std::move(node));
        GMimeMultipart *mp = GMIME_MULTIPART(object);
        const int n = g_mime_multipart_get_count(mp);
        for (int i = 0; i < n; ++i)
            collect(g_mime_multipart_get_part(mp, i),
                    (partPath.empty() ? "" : partPath + ".") + std::to_string(i + 1), walk, level + 1);
        return;
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
        walk.structure.push_back(std::move(node));
        walk.leaves.push_back({object, partPath, true});
        return;
    }
    if (!GMIME_IS_PART(object)) {
        walk.structure.push_back(std::move(node));
        return;
    }
    GMimePart *part = GMIME_PART(object);
    const std::string filename = sanitizeUtf8(str(g_mime_part_get_filename(part)));
    const char *disp = g_mime_object_get_disposition(object);
    const bool attachmentDisposition = disp && g_ascii_strcasecmp(disp, "attachment") == 0;
    if (!filename.empty())
        node["filename"] = filename;
    node["encoding"] = str(g_mime_content_encoding_to_string(g_mime_part_get_content_encoding(part)));
    walk.structure.push_back(std::move(node));
    const bool textual = mime == "text/plain" || mime == "text/html";
    if (textual && !attachmentDisposition && filename.empty()) {
        readBody(part, mime == "text/html", walk);
        return;
    }
    walk.leaves.push_back({object, partPath.empty() ? "1" : partPath, false});
}

ObjectId MessageExtractor::ingestBytes(ObjectId parent, const std::string &path, const std::string &name,
                                       std::vector<Attribute> attributes, ByteView data, ObservableCollector &obs) {
    const AttachmentFacts facts = AttachmentInspect::inspect(data);
    if (facts.vbaMacros) {
        attributes.push_back(Attribute::ofInt("vba_macros", 1));
        attributes.push_back(Attribute::ofText("vba_evidence", facts.macroEvidence));
    }
    if (facts.encryptedArchive)
        attributes.push_back(Attribute::ofInt("encrypted_archive", 1));
    if (facts.encryptedDocument)
        attributes.push_back(Attribute::ofInt("encrypted_document", 1));
    ingest::MemoryStream stream(data);
    ingest::NestedItem item{name, path, "attachment", std::move(attributes), {}};
    const ingest::NestedOutcome outcome = m_sink.ingestNested(parent, std::move(item), stream);
    if (!outcome.sha256.empty())
        obs.addHash("sha256", outcome.sha256, "attachment " + name);
    return outcome.id;
}

void MessageExtractor::storeAttachment(ObjectId emailId, const std::string &emailPath, const Leaf &leaf,
                                       ObservableCollector &obs) {
    GMimePart *part = GMIME_PART(leaf.object);
    const std::string mime = mimeTypeOf(leaf.object);
    std::string filename = safeName(sanitizeUtf8(str(g_mime_part_get_filename(part))));
    const bool hadName = !filename.empty();
    if (!hadName)
        filename = "part-" + leaf.partPath + extensionFor(mime);
    std::vector<Attribute> attrs;
    attrs.push_back(Attribute::ofText("filename", filename));
    if (!hadName)
        attrs.push_back(Attribute::ofInt("filename_generated", 1));
    attrs.push_back(Attribute::ofText("declared_type", sanitizeUtf8(mime)));
    attrs.push_back(Attribute::ofText("mime_part", leaf.partPath));
    attrs.push_back(Attribute::ofText(
        "transfer_encoding", str(g_mime_content_encoding_to_string(g_mime_part_get_content_encoding(part)))));
    if (const char *disp = g_mime_object_get_disposition(leaf.object))
        attrs.push_back(Attribute::ofText("disposition", sanitizeUtf8(lower(disp))));
    if (const char *cid = g_mime_object_get_content_id(leaf.object))
        attrs.push_back(Attribute::ofText("content_id", sanitizeUtf8(cid)));
    const std::string path = emailPath + "/" + filename;
    const std::int64_t encoded = encodedLength(part);
    if (encoded < 0 || encoded > kMaxInMemoryAttachment) {
        // Too large to hold: streamed to the pipeline (hashes, blob within
        // its limit, archive expansion), but not inspected for macros/TNEF.
        attrs.push_back(Attribute::ofInt("not_inspected", 1));
        DecodedPartStream stream(part);
        ingest::NestedItem item{filename, path, "attachment", std::move(attrs), {}};
        const ingest::NestedOutcome outcome = m_sink.ingestNested(emailId, std::move(item), stream);
        if (!outcome.sha256.empty())
            obs.addHash("sha256", outcome.sha256, "attachment " + filename);
        return;
    }
    const std::vector<std::uint8_t> data = decodedContent(part);
    const ObjectId id = ingestBytes(emailId, path, filename, std::move(attrs), data, obs);
    // TNEF (winmail.dat) is Outlook's wrapper: its attachments become children of it.
    if (id != 0 && TnefReader::looksLikeTnef(data)) {
        auto items = TnefReader::read(data);
        if (!items) {
            m_sink.addError(m_container, path, std::nullopt, "TNEF: " + items.error().message,
                            casestore::ErrorSeverity::Warning);
            return;
        }
        if (!items->problem.empty())
            m_sink.addError(m_container, path, std::nullopt, "TNEF: " + items->problem, casestore::ErrorSeverity::Warning);
        std::set<std::string> used;
        for (auto &t : items->items) {
            std::string name = safeName(t.name);
            for (int k = 1; used.count(name); ++k)
                name = safeName(t.name) + "." + std::to_string(k);
            used.insert(name);
            std::vector<Attribute> ta{Attribute::ofText("filename", name), Attribute::ofInt("from_tnef", 1)};
            if (!t.mimeTag.empty())
                ta.push_back(Attribute::ofText("declared_type", t.mimeTag));
            if (t.isBody)
                ta.push_back(Attribute::ofInt("tnef_body", 1));
            ingestBytes(id, path + "/" + name, name, std::move(ta), t.data, obs);
        }
    }
}

void MessageExtractor::storeInline(ObjectId emailId, const std::string &emailPath, Inline &file,
                                   ObservableCollector &obs) {
    const std::string name = safeName(file.name.empty() ? "inline.bin" : file.name);
    std::vector<Attribute> attrs{Attribute::ofText("filename", name), Attribute::ofText("transfer_encoding", file.encoding),
                                 Attribute::ofText("mime_part", "inline in text body")};
    ingestBytes(emailId, emailPath + "/" + name, name, std::move(attrs), file.data, obs);
}

ObjectId MessageExtractor::extract(GMimeMessage *message, const MessageOrigin &origin) {
    m_container = origin.containerId;
    GMimeObject *obj = GMIME_OBJECT(message);
    GMimeHeaderList *headers = g_mime_object_get_header_list(obj);

    casestore::ObjectRecord email;
    email.id = m_sink.newObjectId();
    email.parentId = origin.parentId;
    email.kind = "email";
    email.path = origin.path;
    email.mimeType = "message/rfc822";
    email.attributes = origin.attributes;
    ObservableCollector obs(email.id);
    auto &attrs = email.attributes;
    auto text = [&](const char *name, const std::string &v) {
        if (!v.empty())
            attrs.push_back(Attribute::ofText(name, v));
    };
    auto jsonAttr = [&](const char *name, const json &j) {
        if (!j.empty())
            attrs.push_back(Attribute::ofText(name, j.dump(-1, ' ', false, json::error_handler_t::replace)));
    };

    // Every header in order, raw (as written, unfolded) and decoded.
    json headerList = json::array();
    const int count = g_mime_header_list_get_count(headers);
    for (int i = 0; i < count && i < 10000; ++i) {
        GMimeHeader *h = g_mime_header_list_get_header_at(headers, i);
        const std::string raw = toUtf8(std::string_view(str(g_mime_header_get_raw_value(h))).substr(0, kMaxHeaderValue), nullptr);
        const char *value = g_mime_header_get_value(h);
        headerList.push_back({{"name", sanitizeUtf8(str(g_mime_header_get_raw_name(h)))},
                              {"raw", std::string(trim(raw))},
                              {"value", sanitizeUtf8(std::string_view(str(value)).substr(0, kMaxHeaderValue))}});
    }
    jsonAttr("headers", headerList);

    // Addresses: parsed with GMime (RFC 2047 names decoded).
    struct AddrHeader {
        const char *header, *attr, *context;
    };
    const AddrHeader addrHeaders[] = {{"From", "from", "from"},         {"Sender", "sender", "sender"},
                                      {"Reply-To", "reply_to", "reply-to"}, {"To", "to", "to"},
                                      {"Cc", "cc", "cc"},               {"Bcc", "bcc", "bcc"},
                                      {"Delivered-To", "delivered_to", "delivered-to"},
                                      {"Return-Path", "return_path", "return-path"}};
    std::vector<Address> from, to;
    for (const auto &ah : addrHeaders) {
        const auto list = parseAddresses(allValues(headers, ah.header));
        jsonAttr(ah.attr, list.empty() ? json() : addressJson(list));
        for (const auto &a : list)
            obs.addEmail(a.address, ah.context);
        if (std::string_view(ah.attr) == "from")
            from = list;
        if (std::string_view(ah.attr) == "to")
            to = list;
    }
    text("from_display", display(from));
    if (!from.empty())
        text("from_address", lower(from.front().address));

    const std::string subject = sanitizeUtf8(str(g_mime_message_get_subject(message)));
    text("subject", subject);
    if (auto raws = allValues(headers, "Subject"); !raws.empty())
        text("subject_raw", raws.front());
    const std::string dateText = headerValue(headers, "Date");
    text("date_original", dateText);
    const auto date = parseMailDate(dateText);
    if (date)
        attrs.push_back(Attribute::ofTime("date", *date));
    text("message_id", stripAngles(headerValue(headers, "Message-ID")));
    text("in_reply_to", stripAngles(headerValue(headers, "In-Reply-To")));
    if (const std::string refs = headerValue(headers, "References"); !refs.empty()) {
        json arr = json::array();
        if (GMimeReferences *r = g_mime_references_parse(parserOptions(), refs.c_str())) {
            const int n = g_mime_references_length(r);
            for (int i = 0; i < n && i < 1000; ++i)
                arr.push_back(sanitizeUtf8(str(g_mime_references_get_message_id(r, i))));
            g_mime_references_free(r);
        }
        jsonAttr("references", arr);
    }
    text("x_mailer", headerValue(headers, "X-Mailer"));
    text("user_agent", headerValue(headers, "User-Agent"));
    for (const char *h : {"X-Originating-IP", "X-Sender-IP", "X-Originating-Client-IP"}) {
        std::string ip = headerValue(headers, h);
        ip.erase(std::remove_if(ip.begin(), ip.end(), [](char c) { return c == '[' || c == ']'; }), ip.end());
        ip = std::string(trim(ip));
        if (!ip.empty() && std::string_view(h) == "X-Originating-IP")
            text("x_originating_ip", ip);
        obs.addIp(ip, lower(h));
    }

    const auto hops = ReceivedChain::parse(allValues(headers, "Received"));
    jsonAttr("received_hops", hops.empty() ? json() : ReceivedChain::toJson(hops));
    for (const auto &hop : hops) {
        obs.addIp(hop.ip, "received");
        obs.addDomain(hop.fromHost, "received from");
        obs.addDomain(hop.byHost, "received by");
    }
    std::vector<AuthVerdict> verdicts;
    for (const char *h : {"Authentication-Results", "ARC-Authentication-Results"})
        for (const auto &v : allValues(headers, h)) {
            auto parsed = AuthResults::parseAuthenticationResults(v, h);
            verdicts.insert(verdicts.end(), parsed.begin(), parsed.end());
        }
    for (const auto &v : allValues(headers, "Received-SPF")) {
        auto parsed = AuthResults::parseReceivedSpf(v);
        verdicts.insert(verdicts.end(), parsed.begin(), parsed.end());
    }
    jsonAttr("auth_results", verdicts.empty() ? json() : AuthResults::toJson(verdicts));

    // Bodies and the list of parts that become attachments or child emails.
    Walk walk;
    collect(g_mime_message_get_mime_part(message), "", walk, 0);
    jsonAttr("mime_structure", walk.structure);
    std::vector<UrlRef> urls;
    std::vector<ImageRef> images;
    std::vector<FormRef> forms;
    if (!walk.html.empty()) {
        HtmlFindings f = HtmlScan::scan(undoStrayQp(walk.html));
        urls = std::move(f.urls);
        images = std::move(f.images);
        forms = std::move(f.forms);
    }
    for (const auto &u : HtmlScan::textUrls(walk.text))
        urls.push_back({u, "text", {}, "text"});
    auto bodyAttr = [&](const char *name, const std::string &body) {
        if (body.empty())
            return;
        std::string cut = body.size() > kMaxBodyChars ? sanitizeUtf8(body.substr(0, kMaxBodyChars)) : body;
        attrs.push_back(Attribute::ofText(name, std::move(cut)));
        if (body.size() > kMaxBodyChars)
            attrs.push_back(Attribute::ofInt(std::string(name) + "_truncated", 1));
    };
    bodyAttr("body_text", walk.text);
    bodyAttr("body_html", walk.html);
    jsonAttr("urls", urls.empty() ? json() : HtmlScan::toJson(urls));
    jsonAttr("images", images.empty() ? json() : HtmlScan::toJson(images));
    jsonAttr("forms", forms.empty() ? json() : HtmlScan::toJson(forms));
    for (const auto &u : urls)
        obs.addUrl(u.url, u.origin);
    std::size_t attachments = walk.inlineFiles.size();
    for (const auto &leaf : walk.leaves)
        attachments += leaf.message ? 0 : 1;
    attrs.push_back(Attribute::ofInt("attachment_count", static_cast<std::int64_t>(attachments)));
    attrs.push_back(Attribute::ofInt("nested_message_count",
                                     std::count_if(walk.leaves.begin(), walk.leaves.end(),
                                                   [](const Leaf &l) { return l.message; })));
    if (!origin.issues.empty()) {
        json issues = json::array();
        for (const auto &is : origin.issues)
            issues.push_back({{"offset", is.offset}, {"issue", is.what}, {"critical", is.critical}});
        jsonAttr("parse_issues", issues);
    }

    email.name = subject.empty() ? (origin.name.empty() ? "(no subject)" : origin.name) : subject.substr(0, 512);
    if (!origin.raw.empty()) {
        MultiHasher hasher;
        hasher.update(origin.raw);
        const FileHashes h = hasher.finish();
        email.size = static_cast<std::int64_t>(origin.raw.size());
        email.md5 = h.md5;
        email.sha1 = h.sha1;
        email.sha256 = h.sha256;
        email.blobSha256 = m_sink.storeBlob(origin.raw);
    }
    const ObjectId emailId = email.id;
    m_sink.addObject(std::move(email));

    // Events after the object exists: the timeline points at it.
    const std::string who = display(from);
    if (date) {
        casestore::EventRecord e;
        e.time = *date;
        e.timestampDesc = "Message Sent";
        e.eventType = "email:message";
        e.objectId = emailId;
        e.user = from.empty() ? std::string() : lower(from.front().address);
        e.message = "From " + (who.empty() ? "(unknown)" : who) + " to " + (to.empty() ? "(none)" : display(to)) +
                    (to.size() > 1 ? " +" + std::to_string(to.size() - 1) : "") + ": " + subject;
        m_sink.addEvent(std::move(e));
    }
    for (const auto &hop : hops) {
        if (!hop.time)
            continue;
        casestore::EventRecord e;
        e.time = *hop.time;
        e.timestampDesc = "Message Received";  // one description, so the timeline can filter on it
        e.eventType = "email:received";
        e.objectId = emailId;
        e.message = "Hop " + std::to_string(hop.index) + ": received by " + (hop.byHost.empty() ? "?" : hop.byHost) + " from " +
                    (hop.fromHost.empty() ? "?" : hop.fromHost) + (hop.ip.empty() ? "" : " [" + hop.ip + "]") +
                    (hop.protocol.empty() ? "" : " with " + hop.protocol) + ": " + subject;
        e.message = sanitizeUtf8(e.message);
        m_sink.addEvent(std::move(e));
    }

    for (const auto &leaf : walk.leaves) {
        if (m_ctx.stop.stop_requested())
            break;
        if (!leaf.message) {
            storeAttachment(emailId, origin.path, leaf, obs);
            continue;
        }
        GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(leaf.object));
        const std::string innerPath = origin.path + "/" + leaf.partPath + ".eml";
        if (!inner)
            continue;
        if (origin.depth + 1 > kMaxMessageDepth) {
            m_sink.addError(m_container, innerPath, std::nullopt,
                            "message/rfc822 nesting deeper than " + std::to_string(kMaxMessageDepth) +
                                ": inner message not expanded",
                            casestore::ErrorSeverity::Warning);
            continue;
        }
        // The nested message's own bytes, re-serialised by GMime from what it parsed.
        GPtr<GMimeStream> mem(g_mime_stream_mem_new());
        g_mime_object_write_to_stream(GMIME_OBJECT(inner), nullptr, mem.get());
        GByteArray *array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
        MessageOrigin child;
        child.parentId = emailId;
        child.containerId = origin.containerId;
        child.path = innerPath;
        child.name = leaf.partPath + ".eml";
        child.depth = origin.depth + 1;
        child.attributes.push_back(Attribute::ofText("mime_part", leaf.partPath));
        if (array)
            child.raw = ByteView(array->data, array->len);
        extract(inner, child);
        m_container = origin.containerId;
    }
    for (auto &file : walk.inlineFiles)
        storeInline(emailId, origin.path, file, obs);
    obs.flush(m_sink);
    return emailId;
}

}  // namespace harrier::parsers::mail
