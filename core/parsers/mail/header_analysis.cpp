#include "parsers/mail/header_analysis.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <optional>

#include <nlohmann/json.hpp>

#include "parsers/mail/auth_results.h"

namespace harrier::parsers::mail {

using casestore::Attribute;
using casestore::ObjectId;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxHeaderValue = 64u << 10;
// Real mail has a few dozen hops at most; hostile mail can carry 100,000
// Received headers, each a hop, an event and observables. The topmost ones
// (added by the receiving side, not the sender) are kept.
constexpr std::size_t kMaxReceivedHops = 1000;
// A timeline line repeats the sender, recipient and subject per event (one
// per hop): each is cut here so a megabyte subject is not copied per hop.
constexpr std::size_t kMaxEventPart = 512;
// URLs, images, forms and authentication verdicts listed per message (a
// legitimate newsletter has a few hundred URLs, a message a few verdicts).
constexpr std::size_t kMaxListed = 10000;

std::string clip(const std::string &s) {
    return s.size() <= kMaxEventPart ? s : sanitizeUtf8(std::string_view(s).substr(0, kMaxEventPart)) + "\u2026";
}

std::string headerValue(GMimeHeaderList *list, const char *name) {
    GMimeHeader *h = g_mime_header_list_get_header(list, name);
    return h ? sanitizeUtf8(str(g_mime_header_get_value(h))) : std::string();
}

std::vector<std::string> allValues(GMimeHeaderList *list, const char *name) {
    std::vector<std::string> out;
    const int n = g_mime_header_list_get_count(list);
    for (int i = 0; i < n; ++i) {
        GMimeHeader *h = g_mime_header_list_get_header_at(list, i);
        if (h && g_ascii_strcasecmp(g_mime_header_get_name(h), name) == 0) {
            std::string v = takeGString(g_mime_utils_header_unfold(g_mime_header_get_raw_value(h)));
            out.push_back(toUtf8(std::string_view(v).substr(0, kMaxHeaderValue), nullptr));
        }
    }
    return out;
}

// GMime parses the address headers as written, so a quoted name that was
// folded keeps its line break ("Die Höhle der Löwen\r\n Produkttester");
// unfolding is dropping the CR and LF.
std::string unfolded(std::string s) {
    s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == '\r' || c == '\n'; }), s.end());
    return s;
}

// True when every occurrence of the header is 7-bit as written.
bool sevenBit(GMimeHeaderList *list, const char *name) {
    const int n = g_mime_header_list_get_count(list);
    for (int i = 0; i < n; ++i) {
        GMimeHeader *h = g_mime_header_list_get_header_at(list, i);
        if (!h || g_ascii_strcasecmp(g_mime_header_get_name(h), name) != 0)
            continue;
        for (const char *p = g_mime_header_get_raw_value(h); p && *p; ++p)
            if (static_cast<unsigned char>(*p) >= 0x80)
                return false;
    }
    return true;
}

void flatten(InternetAddressList *list, std::vector<MailAddress> &out) {
    if (!list)
        return;
    const int n = internet_address_list_length(list);
    for (int i = 0; i < n && out.size() < 5000; ++i) {
        InternetAddress *ia = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
            // The name comes decoded (RFC 2047, charset fallbacks); the
            // address as written, so 8-bit bytes go through the same fallbacks.
            out.push_back({unfolded(sanitizeUtf8(str(internet_address_get_name(ia)))),
                           unfolded(toUtf8(str(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia))),
                                           nullptr))});
        } else if (INTERNET_ADDRESS_IS_GROUP(ia)) {
            flatten(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), out);
        }
    }
}

std::vector<MailAddress> parseAddresses(const std::vector<std::string> &values) {
    std::vector<MailAddress> out;
    for (const auto &v : values) {
        InternetAddressList *list = internet_address_list_parse(parserOptions(), v.c_str());
        flatten(list, out);
        if (list)
            g_object_unref(list);
    }
    return out;
}

// True when one of the 8 bytes in `w` is a control character, '"' or '\\',
// the bytes a JSON string escapes (the "has a byte less than n" and "has a
// zero byte" word tests; exact, bytes >= 0x80 never match).
bool wordNeedsEscape(std::uint64_t w) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
    auto hasZeroByte = [&](std::uint64_t x) { return ((x - kOnes) & ~x & kHighs) != 0; };
    const bool control = ((w - kOnes * 0x20) & ~w & kHighs) != 0;
    return control || hasZeroByte(w ^ (kOnes * '"')) || hasZeroByte(w ^ (kOnes * '\\'));
}

// Appends `s`, which must be valid UTF-8 (the header loop passes only text
// from toUtf8/sanitizeUtf8), as a JSON string exactly as nlohmann's dump
// writes it: only '"', '\\' and control characters are escaped (\b \t \n \f
// \r, the rest \u00xx in lowercase hex). Building a json tree per header and
// serialising it cost more than parsing the headers; the runs that need no
// escaping (nearly all of a header) are found eight bytes at a time.
void appendJsonString(std::string &out, std::string_view s) {
    assert(g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr));
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    std::size_t run = 0;  // start of the bytes not yet copied
    std::size_t i = 0;
    while (i < s.size()) {
        if (i + 8 <= s.size()) {
            std::uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            if (!wordNeedsEscape(w)) {
                i += 8;
                continue;
            }
        }
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        out.append(s, run, i - run);
        run = ++i;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\f': out += "\\f"; break;
        case '\r': out += "\\r"; break;
        default:
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    out.append(s, run, s.size() - run);
    out += '"';
}

json addressArray(const std::vector<MailAddress> &list) {
    json arr = json::array();
    for (const auto &a : list)
        arr.push_back({{"name", a.name}, {"address", a.address}});
    return arr;
}

std::string stripAngles(std::string v) {
    v = std::string(trim(v));
    if (v.size() >= 2 && v.front() == '<' && v.back() == '>')
        v = v.substr(1, v.size() - 2);
    return v;
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

std::string HeaderAnalyzer::display(const std::vector<MailAddress> &list) {
    if (list.empty())
        return {};
    const MailAddress &a = list.front();
    return a.name.empty() ? a.address : a.name + " <" + a.address + ">";
}

std::string HeaderAnalyzer::addressJson(const std::vector<MailAddress> &list) {
    return addressArray(list).dump(-1, ' ', false, json::error_handler_t::replace);
}

GPtr<GMimeMessage> HeaderAnalyzer::parseHeaderBlock(std::string_view headers) {
    ensureGmime();
    // Outlook stores the block without the separating blank line; add one so
    // GMime ends the headers there and sees an empty body.
    std::string block(headers);
    while (!block.empty() && (block.back() == '\r' || block.back() == '\n' || block.back() == '\0'))
        block.pop_back();
    block += "\r\n\r\n";
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(block.data(), block.size()));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), parserOptions()));
    if (message && g_mime_header_list_get_count(g_mime_object_get_header_list(GMIME_OBJECT(message.get()))) == 0)
        message.reset();
    return message;
}

HeaderAnalysis HeaderAnalyzer::analyze(GMimeMessage *message, ObservableCollector &obs) {
    HeaderAnalysis out;
    GMimeHeaderList *headers = g_mime_object_get_header_list(GMIME_OBJECT(message));
    auto &attrs = out.attributes;
    auto text = [&](const char *name, const std::string &v) {
        if (!v.empty())
            attrs.push_back(Attribute::ofText(name, v));
    };
    auto jsonAttr = [&](const char *name, const json &j) {
        if (!j.empty())
            attrs.push_back(Attribute::ofText(name, j.dump(-1, ' ', false, json::error_handler_t::replace)));
    };

    // Every header in order, raw (as written, unfolded) and decoded: written
    // straight as text, keys in nlohmann's (sorted) order.
    std::string headerList;
    const int count = g_mime_header_list_get_count(headers);
    for (int i = 0; i < count && i < 10000; ++i) {
        GMimeHeader *h = g_mime_header_list_get_header_at(headers, i);
        const std::string raw = toUtf8(std::string_view(str(g_mime_header_get_raw_value(h))).substr(0, kMaxHeaderValue), nullptr);
        const char *value = g_mime_header_get_value(h);
        headerList += headerList.empty() ? "[{\"name\":" : ",{\"name\":";
        appendJsonString(headerList, sanitizeUtf8(str(g_mime_header_get_raw_name(h))));
        headerList += ",\"raw\":";
        appendJsonString(headerList, trim(raw));
        headerList += ",\"value\":";
        appendJsonString(headerList, sanitizeUtf8(std::string_view(str(value)).substr(0, kMaxHeaderValue)));
        headerList += '}';
    }
    if (!headerList.empty())
        attrs.push_back(Attribute::ofText("headers", headerList + ']'));

    // Addresses, RFC 2047 names decoded. GMime parsed the six headers it
    // knows (every occurrence) while building the message, and its lists are
    // used as they are unless a header has 8-bit bytes: GMime drops an
    // address such as a Latin-1 "jos\xe9@...", which parses once the value is
    // converted to UTF-8 (toUtf8's fallbacks), as the other two headers
    // always are.
    struct AddrHeader {
        const char *header, *attr, *context;
        std::optional<GMimeAddressType> parsedByGmime;
    };
    const AddrHeader addrHeaders[] = {{"From", "from", "from", GMIME_ADDRESS_TYPE_FROM},
                                      {"Sender", "sender", "sender", GMIME_ADDRESS_TYPE_SENDER},
                                      {"Reply-To", "reply_to", "reply-to", GMIME_ADDRESS_TYPE_REPLY_TO},
                                      {"To", "to", "to", GMIME_ADDRESS_TYPE_TO},
                                      {"Cc", "cc", "cc", GMIME_ADDRESS_TYPE_CC},
                                      {"Bcc", "bcc", "bcc", GMIME_ADDRESS_TYPE_BCC},
                                      {"Delivered-To", "delivered_to", "delivered-to", std::nullopt},
                                      {"Return-Path", "return_path", "return-path", std::nullopt}};
    for (const auto &ah : addrHeaders) {
        std::vector<MailAddress> list;
        if (ah.parsedByGmime && sevenBit(headers, ah.header))
            flatten(g_mime_message_get_addresses(message, *ah.parsedByGmime), list);
        else
            list = parseAddresses(allValues(headers, ah.header));
        jsonAttr(ah.attr, list.empty() ? json() : addressArray(list));
        for (const auto &a : list)
            obs.addEmail(a.address, ah.context);
        if (std::string_view(ah.attr) == "from")
            out.from = list;
        if (std::string_view(ah.attr) == "to")
            out.to = list;
    }
    text("from_display", display(out.from));
    if (!out.from.empty())
        text("from_address", lower(out.from.front().address));

    out.subject = sanitizeUtf8(std::string_view(str(g_mime_message_get_subject(message))).substr(0, kMaxHeaderValue));
    text("subject", out.subject);
    if (auto raws = allValues(headers, "Subject"); !raws.empty())
        text("subject_raw", raws.front());
    const std::string dateText = headerValue(headers, "Date");
    text("date_original", dateText);
    out.date = parseMailDate(dateText);
    if (out.date)
        attrs.push_back(Attribute::ofTime("date", *out.date));
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

    std::vector<std::string> received = allValues(headers, "Received");
    if (received.size() > kMaxReceivedHops) {
        attrs.push_back(Attribute::ofInt("received_headers", static_cast<std::int64_t>(received.size())));
        attrs.push_back(Attribute::ofInt("received_hops_truncated", 1));
        received.resize(kMaxReceivedHops);  // header order: the topmost ones
    }
    out.hops = ReceivedChain::parse(received);
    jsonAttr("received_hops", out.hops.empty() ? json() : ReceivedChain::toJson(out.hops));
    for (const auto &hop : out.hops) {
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
    if (verdicts.size() > kMaxListed) {
        attrs.push_back(Attribute::ofInt("auth_results_total", static_cast<std::int64_t>(verdicts.size())));
        attrs.push_back(Attribute::ofInt("auth_results_truncated", 1));
        verdicts.resize(kMaxListed);
    }
    jsonAttr("auth_results", verdicts.empty() ? json() : AuthResults::toJson(verdicts));
    return out;
}

void HeaderAnalyzer::emitEvents(ingest::ArtifactSink &sink, ObjectId emailId, const HeaderAnalysis &a) {
    const std::string who = clip(display(a.from));
    const std::string to = clip(display(a.to));
    const std::string subject = clip(a.subject);
    if (a.date) {
        casestore::EventRecord e;
        e.time = *a.date;
        e.timestampDesc = "Message Sent";
        e.eventType = "email:message";
        e.objectId = emailId;
        e.user = a.from.empty() ? std::string() : lower(a.from.front().address);
        e.message = "From " + (who.empty() ? "(unknown)" : who) + " to " + (a.to.empty() ? "(none)" : to) +
                    (a.to.size() > 1 ? " +" + std::to_string(a.to.size() - 1) : "") + ": " + subject;
        sink.addEvent(std::move(e));
    }
    for (const auto &hop : a.hops) {
        if (!hop.time)
            continue;
        casestore::EventRecord e;
        e.time = *hop.time;
        e.timestampDesc = "Message Received";  // one description, so the timeline can filter on it
        e.eventType = "email:received";
        e.objectId = emailId;
        e.message = "Hop " + std::to_string(hop.index) + ": received by " + (hop.byHost.empty() ? "?" : clip(hop.byHost)) +
                    " from " + (hop.fromHost.empty() ? "?" : clip(hop.fromHost)) + (hop.ip.empty() ? "" : " [" + clip(hop.ip) + "]") +
                    (hop.protocol.empty() ? "" : " with " + clip(hop.protocol)) + ": " + subject;
        e.message = sanitizeUtf8(e.message);
        sink.addEvent(std::move(e));
    }
}

void BodyAnalyzer::analyze(const std::string &text, const std::string &html, std::vector<Attribute> &attrs,
                           ObservableCollector &obs) {
    std::vector<UrlRef> urls;
    std::vector<ImageRef> images;
    std::vector<FormRef> forms;
    if (!html.empty()) {
        HtmlFindings f = HtmlScan::scan(undoStrayQp(html));
        urls = std::move(f.urls);
        images = std::move(f.images);
        forms = std::move(f.forms);
    }
    for (const auto &u : HtmlScan::textUrls(text))
        urls.push_back({u, "text", {}, "text"});
    auto capList = [&](auto &list, const char *name) {
        if (list.size() <= kMaxListed)
            return;
        attrs.push_back(Attribute::ofInt(std::string(name) + "_total", static_cast<std::int64_t>(list.size())));
        attrs.push_back(Attribute::ofInt(std::string(name) + "_truncated", 1));
        list.resize(kMaxListed);
    };
    capList(urls, "urls");
    capList(images, "images");
    capList(forms, "forms");
    auto bodyAttr = [&](const char *name, const std::string &body) {
        if (body.empty())
            return;
        std::string cut = body.size() > kMaxBodyChars ? sanitizeUtf8(body.substr(0, kMaxBodyChars)) : body;
        attrs.push_back(Attribute::ofText(name, std::move(cut)));
        if (body.size() > kMaxBodyChars)
            attrs.push_back(Attribute::ofInt(std::string(name) + "_truncated", 1));
    };
    auto jsonAttr = [&](const char *name, const json &j) {
        if (!j.empty())
            attrs.push_back(Attribute::ofText(name, j.dump(-1, ' ', false, json::error_handler_t::replace)));
    };
    bodyAttr("body_text", text);
    bodyAttr("body_html", html);
    jsonAttr("urls", urls.empty() ? json() : HtmlScan::toJson(urls));
    jsonAttr("images", images.empty() ? json() : HtmlScan::toJson(images));
    jsonAttr("forms", forms.empty() ? json() : HtmlScan::toJson(forms));
    for (const auto &u : urls)
        obs.addUrl(u.url, u.origin);
}

}  // namespace harrier::parsers::mail
