#include "demo/mailbox_writer.h"

#include <algorithm>
#include <ctime>
#include <fstream>

#include "demo/demo_text.h"

namespace harrier::demo {

namespace {

constexpr const char *kMailStore = "mailstore01.parl.veldoria.example";
constexpr const char *kMx = "mx1.parl.veldoria.example";
constexpr int kPressReviews = 3;

struct Message {
    std::int64_t time = 0;
    std::string envelopeFrom;
    std::string text;  ///< headers + body, LF line ends as in any Unix mbox
};

std::tm utcTm(std::int64_t t) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    return tm;
}

// Names spelled out, not strftime: the GUI may have set a locale.
constexpr const char *kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char *kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string mboxFromLine(const std::string &sender, std::int64_t t) {
    const std::tm tm = utcTm(t);
    std::string day = std::to_string(tm.tm_mday);
    if (day.size() == 1)
        day = " " + day;
    return "From " + sender + " " + kDays[tm.tm_wday] + " " + kMonths[tm.tm_mon] + " " + day + " " +
           two(tm.tm_hour) + ":" + two(tm.tm_min) + ":" + two(tm.tm_sec) + " " + std::to_string(tm.tm_year + 1900);
}

std::string boundary(DemoRandom &rng) { return "=_hrr_" + rng.hex(24); }

std::string received(const std::string &fromHost, const std::string &fromIp, const std::string &byHost,
                     std::int64_t t, DemoRandom &rng) {
    return "Received: from " + fromHost + " (" + fromHost + " [" + fromIp + "])\n\tby " + byHost +
           " with ESMTPS id " + rng.hex(12) + ";\n\t" + mailDate(t) + "\n";
}

/// A one-page PDF written by hand: enough for file(1) and viewers.
std::string smallPdf(const std::string &line) {
    const std::string stream = "BT /F1 12 Tf 72 760 Td (" + line + ") Tj ET";
    std::vector<std::string> objs = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream + "\nendstream",
    };
    std::string pdf = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objs.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
    }
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objs.size() + 1) + "\n0000000000 65535 f \n";
    for (auto o : offsets) {
        std::string n = std::to_string(o);
        pdf += std::string(10 - n.size(), '0') + n + " 00000 n \n";
    }
    pdf += "trailer\n<< /Size " + std::to_string(objs.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

struct Attachment {
    std::string name, mime, content;
};

Attachment makeAttachment(const Topic &topic, DemoRandom &rng) {
    switch (rng.below(4)) {
    case 0:
        return {"agenda.txt", "text/plain; charset=utf-8",
                topic.subject + "\n\n1. Opening\n2. " + officeParagraph(rng, 1) + "\n3. Any other business\n"};
    case 1:
        return {"timetable.csv", "text/csv; charset=utf-8",
                "date,item,owner\n2026-10-13,first reading,secretariat\n2026-10-20,amendments,committee\n"
                "2026-10-27,vote,plenary\n"};
    case 2:
        return {"invitation.ics", "text/calendar; charset=utf-8; method=REQUEST",
                "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Harrier demo//EN\nBEGIN:VEVENT\nUID:" + rng.hex(16) +
                    "@parl.veldoria.example\nDTSTART:20261014T080000Z\nDTEND:20261014T093000Z\nSUMMARY:" +
                    topic.subject + "\nEND:VEVENT\nEND:VCALENDAR\n"};
    default:
        return {"briefing-note.pdf", "application/pdf", smallPdf("Briefing note: " + topic.subject)};
    }
}

std::string attachmentPart(const Attachment &a) {
    return "Content-Type: " + a.mime + "; name=\"" + a.name + "\"\nContent-Disposition: attachment; filename=\"" +
           a.name + "\"\nContent-Transfer-Encoding: base64\n\n" + base64(a.content, true);
}

class MailboxBuilder {
public:
    MailboxBuilder(const DemoParams &params, DemoRandom &rng, DemoFacts &facts)
        : m_params(params), m_rng(rng), m_facts(facts), m_staff(staffDirectory(facts.organisationDomain)),
          m_external(externalContacts()) {}

    std::vector<Message> build() {
        addPressReviews();
        while (static_cast<int>(m_messages.size()) < m_params.ordinaryMessages)
            addThread();
        m_facts.ordinaryMessages = static_cast<int>(m_messages.size());
        addCampaign();
        m_facts.messages = static_cast<int>(m_messages.size());
        std::stable_sort(m_messages.begin(), m_messages.end(),
                         [](const Message &a, const Message &b) { return a.time < b.time; });
        return std::move(m_messages);
    }

private:
    std::int64_t workingTime() {
        const int day = m_rng.below(kMailDays);
        return kMailStart + day * 86400 + m_rng.between(6 * 3600, 16 * 3600);
    }

    std::string messageId(const std::string &host) { return m_rng.hex(16) + "." + m_rng.hex(8) + "@" + host; }

    void addThread() {
        const Topic &topic = m_rng.pick(threadTopics());
        std::vector<Person> people;
        const bool external = m_rng.chance(20);
        people.push_back(external ? m_rng.pick(m_external) : m_rng.pick(m_staff));
        const int to = m_rng.between(1, 3);
        for (int i = 0; i < to; ++i)
            people.push_back(m_rng.pick(m_staff));
        std::int64_t t = workingTime();
        std::string prevId, refs, subject = topic.subject;
        std::string quoted = topic.opening + " " + officeParagraph(m_rng, 2);
        const int replies = m_rng.below(4);
        for (int n = 0; n <= replies && static_cast<int>(m_messages.size()) < m_params.ordinaryMessages; ++n) {
            const Person &from = n == 0 ? people[0] : people[static_cast<std::size_t>(n % people.size())];
            const Person &toWhom = n == 0 ? people[1] : people[static_cast<std::size_t>((n - 1) % people.size())];
            const std::string id = messageId(from.address.ends_with(m_facts.organisationDomain)
                                                 ? kMailStore
                                                 : from.address.substr(from.address.find('@') + 1));
            std::string h = "Message-ID: <" + id + ">\n";
            if (!prevId.empty()) {
                h += "In-Reply-To: <" + prevId + ">\nReferences:" + refs + "\n";
                ++m_facts.replies;
            }
            std::string toLine = mailbox(toWhom);
            if (n == 0)
                for (std::size_t i = 2; i < people.size(); ++i)
                    toLine += ", " + mailbox(people[i]);
            std::string body = n == 0 ? "Dear colleagues,\n\n" + quoted + "\n\nBest regards,\n" + from.name + "\n"
                                      : replyLine(m_rng) + "\n\n" + from.name + "\n\n> " + quoted + "\n";
            if (n > 0)
                subject = "Re: " + topic.subject;
            const bool attach = n == 0 && m_rng.chance(22);
            const bool withHtml = !attach && m_rng.chance(30);
            Message m;
            m.time = t;
            m.envelopeFrom = from.address;
            m.text = headers(from, toLine, subject, t, external && n == 0) + h + "MIME-Version: 1.0\n";
            const std::string plain = "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: "
                                      "quoted-printable\n\n" + qpEncode(body);
            if (attach) {
                const std::string b = boundary(m_rng);
                m.text += "Content-Type: multipart/mixed; boundary=\"" + b + "\"\n\n--" + b + "\n" + plain + "\n--" + b +
                          "\n" + attachmentPart(makeAttachment(topic, m_rng)) + "--" + b + "--\n";
                ++m_facts.attachments;
            } else if (withHtml) {
                const std::string b = boundary(m_rng);
                std::string html = "<html><body><p>" + body + "</p></body></html>";
                std::replace(html.begin(), html.end(), '\n', ' ');
                m.text += "Content-Type: multipart/alternative; boundary=\"" + b + "\"\n\n--" + b + "\n" + plain +
                          "\n--" + b + "\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: "
                          "quoted-printable\n\n" + qpEncode(html) + "\n--" + b + "--\n";
            } else {
                m.text += plain;
            }
            m_messages.push_back(std::move(m));
            refs += " <" + id + ">";
            prevId = id;
            quoted = replyLine(m_rng);
            t += m_rng.between(20 * 60, 26 * 3600);
        }
    }

    std::string headers(const Person &from, const std::string &to, const std::string &subject, std::int64_t t,
                        bool inbound) {
        std::string h;
        if (inbound) {
            const std::string host = "mail." + from.address.substr(from.address.find('@') + 1);
            h += received(kMx, "10.20.0.25", kMailStore, t + 2, m_rng) +
                 received(host, "192.0.2." + std::to_string(m_rng.between(10, 250)), kMx, t + 1, m_rng);
        } else {
            h += received("exch01.parl.veldoria.example", "10.20.0.31", kMailStore, t + 1, m_rng);
        }
        return h + "From: " + mailbox(from) + "\nTo: " + to + "\nSubject: " + headerWord(subject) +
               "\nDate: " + mailDate(t) + "\n";
    }

    // The organisation's own newsletter: remote images, but the same URL for
    // everyone. A tracking-pixel analyzer must not flag it.
    void addPressReviews() {
        const Person press = {"Press Office", "press-office@" + m_facts.organisationDomain, "press"};
        for (int i = 0; i < kPressReviews; ++i) {
            const std::int64_t t = kMailStart + (1 + 7 * i) * 86400 + 6 * 3600;
            const std::string b = boundary(m_rng);
            const std::string html =
                "<html><body><img src=\"https://static.parl.veldoria.example/press/masthead.png\" width=\"600\" "
                "height=\"80\" alt=\"Press review\"><h1>Weekly press review</h1><p>" + officeParagraph(m_rng, 3) +
                "</p><p><a href=\"https://intranet.parl.veldoria.example/press/review-" + std::to_string(i + 1) +
                "\">Full review on the intranet</a></p></body></html>";
            Message m;
            m.time = t;
            m.envelopeFrom = press.address;
            m.text = headers(press, "all-staff@" + m_facts.organisationDomain, "Weekly press review", t, false) +
                     "Message-ID: <" + messageId(kMailStore) + ">\nMIME-Version: 1.0\nContent-Type: "
                     "multipart/alternative; boundary=\"" + b + "\"\n\n--" + b + "\nContent-Type: text/plain; "
                     "charset=utf-8\n\nThe weekly press review is on the intranet.\n--" + b + "\nContent-Type: "
                     "text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" + qpEncode(html) +
                     "\n--" + b + "--\n";
            m_messages.push_back(std::move(m));
            ++m_facts.newsletterMessages;
        }
    }

    void addCampaign();

    const DemoParams &m_params;
    DemoRandom &m_rng;
    DemoFacts &m_facts;
    std::vector<Person> m_staff, m_external;
    std::vector<Message> m_messages;
};

struct Wave {
    std::string brand, sender, domain, pixelBase, linkBase, unsubscribe;
    std::int64_t start;
};

std::string encodeToken(const std::string &address, TokenEncoding e) {
    switch (e) {
    case TokenEncoding::Plain:
        return address;
    case TokenEncoding::UrlEncoded:
        return urlEncode(address);
    case TokenEncoding::Base64:
        return base64(address);
    }
    return address;
}

void MailboxBuilder::addCampaign() {
    const std::vector<Wave> waves = {
        {"World Affairs Digest", "newsletter@worldaffairs-digest.example", "worldaffairs-digest.example",
         "https://px.newsletter-metrics.example/o.gif?c=wad1006&u=",
         "https://www.worldaffairs-digest.example/articles/", "https://www.worldaffairs-digest.example/unsubscribe?ref=",
         kCampaignWave1},
        {"Eurasia Briefing", "editors@eurasia-briefing.example", "eurasia-briefing.example",
         "https://cdn.eurasia-briefing.example/t/spacer.png?r=", "https://eurasia-briefing.example/story/",
         "https://eurasia-briefing.example/prefs?r=", kCampaignWave2},
    };
    m_facts.attackerDomains = {"worldaffairs-digest.example", "newsletter-metrics.example", "eurasia-briefing.example"};
    // The administrator (staff[0]) is always in the first wave: his click is
    // what the endpoint collection shows.
    std::vector<Person> targets(m_staff.begin() + 1, m_staff.end());
    for (std::size_t i = targets.size(); i > 1; --i)
        std::swap(targets[i - 1], targets[static_cast<std::size_t>(m_rng.below(static_cast<int>(i)))]);
    targets.insert(targets.begin(), m_staff[0]);
    const std::size_t count = std::min<std::size_t>(static_cast<std::size_t>(std::max(0, m_params.campaignRecipients)),
                                                    targets.size());
    const std::size_t firstWave = (count * 2 + 2) / 3;
    const auto &headlines = campaignHeadlines();
    for (std::size_t i = 0; i < count; ++i) {
        const Wave &w = waves[i < firstWave ? 0 : 1];
        const Person &to = targets[i];
        const std::size_t inWave = i < firstWave ? i : i - firstWave;
        const std::int64_t t = w.start + static_cast<std::int64_t>(inWave) * 37 + m_rng.below(20);
        CampaignMessage c;
        c.recipient = to.address;
        c.senderDomain = w.domain;
        c.encoding = static_cast<TokenEncoding>(i % 3);
        c.token = encodeToken(to.address, c.encoding);
        c.messageId = m_rng.hex(20) + "@mail." + w.domain;
        const Headline &lead = headlines[(i + (i < firstWave ? 0 : 2)) % headlines.size()];
        const Headline &second = headlines[(i + 1) % headlines.size()];
        c.pixelUrl = w.pixelBase + c.token;
        c.linkUrl = w.linkBase + lead.slug + "?ref=" + c.token;
        c.pixelHiddenByCss = i % 4 == 0;
        const std::string secondUrl = w.linkBase + second.slug + "?ref=" + c.token;
        const std::string unsubscribe = w.unsubscribe + c.token;
        const std::string pixel = c.pixelHiddenByCss
                                      ? "<img src=\"" + c.pixelUrl + "\" alt=\"\" style=\"display:none;max-height:0\">"
                                      : "<img src=\"" + c.pixelUrl + "\" width=\"1\" height=\"1\" border=\"0\" alt=\"\">";
        const std::string html =
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + w.brand +
            "</title></head>\n<body style=\"margin:0;background:#f4f4f0\">\n"
            "<table width=\"600\" align=\"center\" cellpadding=\"16\" style=\"font-family:Georgia,serif;"
            "background:#ffffff\">\n<tr><td><h1 style=\"font-size:26px\">" + w.brand +
            "</h1><p style=\"color:#666\">Morning briefing for " + to.name + "</p></td></tr>\n"
            "<tr><td><h2><a href=\"" + c.linkUrl + "\">" + lead.title + "</a></h2>\n<p>" + lead.teaser +
            "</p>\n<p><a href=\"" + c.linkUrl + "\">Read the full analysis \xE2\x86\x92</a></p></td></tr>\n"
            "<tr><td><h3><a href=\"" + secondUrl + "\">" + second.title + "</a></h3></td></tr>\n"
            "<tr><td style=\"font-size:11px;color:#777\">You receive this briefing as a subscriber. "
            "<a href=\"" + unsubscribe + "\">Unsubscribe</a></td></tr>\n</table>\n" + pixel + "\n</body></html>\n";
        const std::string text = w.brand + " \xE2\x80\x94 morning briefing\n\n" + lead.title + "\n" + lead.teaser +
                                 "\nRead more: " + c.linkUrl + "\n";
        const std::string b = boundary(m_rng);
        const std::string host = "mail." + w.domain;
        Message m;
        m.time = t;
        m.envelopeFrom = "bounce-" + m_rng.hex(10) + "@" + w.domain;
        m.text = "Return-Path: <" + m.envelopeFrom + ">\n" + received(kMx, "10.20.0.25", kMailStore, t + 2, m_rng) +
                 received(host, "203.0.113." + std::to_string(i < firstWave ? 88 : 131), kMx, t + 1, m_rng) +
                 "Authentication-Results: " + kMx + "; spf=pass smtp.mailfrom=" + w.domain + "; dkim=pass header.d=" +
                 w.domain + "; dmarc=pass header.from=" + w.domain + "\nFrom: \"" + w.brand + "\" <" + w.sender +
                 ">\nTo: " + mailbox(to) + "\nSubject: " + lead.title + "\nDate: " + mailDate(t) +
                 "\nMessage-ID: <" + c.messageId + ">\nList-Unsubscribe: <" + unsubscribe +
                 ">\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"" + b + "\"\n\n--" + b +
                 "\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" +
                 qpEncode(text) + "\n--" + b +
                 "\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" +
                 qpEncode(html) + "\n--" + b + "--\n";
        m_messages.push_back(std::move(m));
        m_facts.campaign.push_back(std::move(c));
    }
}

}  // namespace

std::string mailDate(std::int64_t unixSeconds) {
    const std::tm tm = utcTm(unixSeconds + 7200);
    return std::string(kDays[tm.tm_wday]) + ", " + two(tm.tm_mday) + " " + kMonths[tm.tm_mon] + " " +
           std::to_string(tm.tm_year + 1900) + " " + two(tm.tm_hour) + ":" + two(tm.tm_min) + ":" + two(tm.tm_sec) +
           " +0200";
}

Result<void> writeMailbox(const std::filesystem::path &file, const DemoParams &params, DemoRandom &rng,
                          DemoFacts &facts) {
    MailboxBuilder builder(params, rng, facts);
    const auto messages = builder.build();
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out)
        return makeError(ErrorCode::Io, "cannot write " + file.string());
    for (const auto &m : messages) {
        out << mboxFromLine(m.envelopeFrom, m.time) << "\n";
        // mboxrd: a body line starting with "From " (after any '>') gets one more '>'.
        std::string_view text = m.text;
        std::size_t start = 0;
        while (start < text.size()) {
            auto nl = text.find('\n', start);
            if (nl == std::string_view::npos)
                nl = text.size();
            std::string_view line = text.substr(start, nl - start);
            if (line.substr(line.find_first_not_of('>') == std::string_view::npos ? line.size()
                                                                                    : line.find_first_not_of('>'))
                    .starts_with("From "))
                out << '>';
            out << line << "\n";
            start = nl + 1;
        }
        out << "\n";
    }
    if (!out.flush())
        return makeError(ErrorCode::Io, "cannot write " + file.string());
    return {};
}

}  // namespace harrier::demo
