// Mail parsing against hand-written fixtures whose facts are computed by
// hand (Received hops and delays, authentication verdicts, RFC 2047 subjects,
// hidden images) or by an independent decoder (python3's email package for
// attachment SHA-256s). End-to-end cases go through the real CLI.
// glib before Qt: Qt's "signals" macro breaks glib's gio headers.
#include "parsers/mail/gmime_util.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QtTest>

#include "mail_test_util.h"
#include "parsers/mail/auth_results.h"
#include "parsers/mail/html_scan.h"
#include "parsers/mail/mail_parsers.h"
#include "parsers/mail/mbox_splitter.h"
#include "parsers/mail/observable_collector.h"
#include "parsers/mail/received_chain.h"
#include "support/archive_builder.h"

using namespace harrier;
using namespace harrier::parsers::mail;
using harrier::test::attr;
using harrier::test::jsonAttr;
using harrier::test::text;

namespace {

QByteArray crlf(QByteArray lf) { return lf.replace("\n", "\r\n"); }

QString sha256Of(const QByteArray &data) {
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

// Python's email package decodes every attachment and prints "name sha256".
const char *kPyAttachments = "\n"
"import email, hashlib, sys\n"
"from email import policy\n"
"msg = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)\n"
"for part in msg.walk():\n"
"    fn = part.get_filename()\n"
"    if fn and not part.is_multipart():\n"
"        print(fn + '\\t' + hashlib.sha256(part.get_payload(decode=True) or b'').hexdigest())\n"
"";

}  // namespace

class TestMailParsing : public QObject {
    Q_OBJECT
private slots:
    void receivedChain() {
        // Newest first, as written; times hand-converted to UTC.
        const std::vector<std::string> headers = {
            "from mx.victim.example (mx.victim.example [10.0.0.5]) by mailbox.victim.example with LMTP id abc; "
            "Tue, 5 Mar 2024 10:00:30 +0000",
            "from mail.attacker.example (unknown [203.0.113.7]) by mx.victim.example (Postfix) with ESMTPS id 4TqX "
            "for <bob@victim.example>; Tue, 5 Mar 2024 11:00:10 +0100",
            "from [192.168.1.20] (helo=laptop) by mail.attacker.example with ESMTPSA; Tue, 5 Mar 2024 04:59:55 -0500",
        };
        const auto hops = ReceivedChain::parse(headers);
        QCOMPARE(hops.size(), std::size_t(3));
        QCOMPARE(hops[0].index, 1);
        QCOMPARE(QString::fromStdString(hops[0].byHost), QStringLiteral("mail.attacker.example"));
        QCOMPARE(QString::fromStdString(hops[0].ip), QStringLiteral("192.168.1.20"));
        QCOMPARE(QString::fromStdString(hops[0].protocol), QStringLiteral("ESMTPSA"));
        QVERIFY(hops[0].time);
        QCOMPARE(hops[0].time->micros, qint64(1709632795) * 1000000);  // 2024-03-05T09:59:55Z
        QVERIFY(!hops[0].delaySeconds);
        QCOMPARE(QString::fromStdString(hops[1].fromHost), QStringLiteral("mail.attacker.example"));
        QCOMPARE(QString::fromStdString(hops[1].ip), QStringLiteral("203.0.113.7"));
        QCOMPARE(QString::fromStdString(hops[1].forAddress), QStringLiteral("bob@victim.example"));
        QCOMPARE(hops[1].delaySeconds.value_or(-1), qint64(15));
        QCOMPARE(QString::fromStdString(hops[2].byHost), QStringLiteral("mailbox.victim.example"));
        QCOMPARE(QString::fromStdString(hops[2].protocol), QStringLiteral("LMTP"));
        QCOMPARE(hops[2].delaySeconds.value_or(-1), qint64(20));
    }
    void receivedWithoutDateHasNoTime() {
        const auto hop = ReceivedChain::parseOne("by localhost with local id 1");
        QVERIFY(!hop.time);
        QCOMPARE(QString::fromStdString(hop.byHost), QStringLiteral("localhost"));
    }

    void authResults_data() {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("result");
        QTest::addColumn<QString>("domain");
        QTest::addColumn<QString>("authserv");
        const QString google = QStringLiteral(
            "mx.google.com; dkim=pass header.i=@example.com header.s=sel header.b=abc; spf=pass (google.com: domain of "
            "a@example.com designates 1.2.3.4 as permitted sender) smtp.mailfrom=a@example.com; dmarc=pass "
            "(p=REJECT sp=REJECT dis=NONE) header.from=example.com");
        QTest::newRow("google dkim") << "Authentication-Results" << google << 0 << "dkim" << "pass" << "example.com" << "mx.google.com";
        QTest::newRow("google spf") << "Authentication-Results" << google << 1 << "spf" << "pass" << "example.com" << "mx.google.com";
        QTest::newRow("google dmarc") << "Authentication-Results" << google << 2 << "dmarc" << "pass" << "example.com" << "mx.google.com";
        const QString ms = QStringLiteral(
            "spf=softfail (sender IP is 187.217.4.86) smtp.mailfrom=gmail.com; dkim=none (message not signed) "
            "header.d=none;dmarc=fail action=none header.from=gmail.com;compauth=fail reason=001");
        QTest::newRow("microsoft spf, no authserv-id") << "Authentication-Results" << ms << 0 << "spf" << "softfail" << "gmail.com" << "";
        QTest::newRow("microsoft dmarc") << "Authentication-Results" << ms << 2 << "dmarc" << "fail" << "gmail.com" << "";
        const QString arc = QStringLiteral(
            "i=1; mx.microsoft.com 1; spf=pass smtp.mailfrom=evil.example; dkim=fail header.d=bank.example");
        QTest::newRow("arc spf") << "ARC-Authentication-Results" << arc << 0 << "spf" << "pass" << "evil.example" << "mx.microsoft.com";
        QTest::newRow("arc dkim") << "ARC-Authentication-Results" << arc << 1 << "dkim" << "fail" << "bank.example" << "mx.microsoft.com";
        QTest::newRow("received-spf") << "Received-SPF"
                                      << "Pass (mx.example.org: domain of user@sender.example designates 192.0.2.1 as "
                                         "permitted sender) client-ip=192.0.2.1; envelope-from=user@sender.example; "
                                         "helo=mail.sender.example;"
                                      << 0 << "spf" << "pass" << "sender.example" << "";
    }
    void authResults() {
        QFETCH(QString, header);
        QFETCH(QString, value);
        QFETCH(int, index);
        QFETCH(QString, method);
        QFETCH(QString, result);
        QFETCH(QString, domain);
        QFETCH(QString, authserv);
        const auto verdicts = header == QLatin1String("Received-SPF")
                                  ? AuthResults::parseReceivedSpf(value.toStdString())
                                  : AuthResults::parseAuthenticationResults(value.toStdString(), header.toStdString());
        QVERIFY(static_cast<int>(verdicts.size()) > index);
        const auto &v = verdicts[static_cast<std::size_t>(index)];
        QCOMPARE(QString::fromStdString(v.method), method);
        QCOMPARE(QString::fromStdString(v.result), result);
        QCOMPARE(QString::fromStdString(v.domain), domain);
        QCOMPARE(QString::fromStdString(v.authserv), authserv);
    }

    void images_data() {
        QTest::addColumn<QString>("html");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("hidden");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<int>("width");
        QTest::newRow("1x1 attributes") << "<img src=\"http://t.example/o.gif\" width=\"1\" height=\"1\">" << "remote" << true << "1x1" << 1;
        QTest::newRow("display none") << "<img style=\"display:none\" src=\"https://t.example/p.png\">" << "remote" << true << "display:none" << -1;
        QTest::newRow("css zero size") << "<img src=\"http://t.example/q.png\" style=\"width:0px;height:0px\">" << "remote" << true << "zero size" << 0;
        QTest::newRow("css 1px") << "<img src=http://t.example/r.png style=\"WIDTH: 1px; HEIGHT: 1px\">" << "remote" << true << "1x1" << 1;
        QTest::newRow("cid visible") << "<IMG SRC='cid:logo@x' WIDTH=600 HEIGHT=200>" << "cid" << false << "" << 600;
        QTest::newRow("data hidden") << "<img src=\"data:image/png;base64,AAAA\" style=\"visibility: hidden\">" << "data" << true << "visibility:hidden" << -1;
        QTest::newRow("visible banner") << "<img src=\"http://ok.example/banner.jpg\" width=\"600\">" << "remote" << false << "" << 600;
    }
    void images() {
        QFETCH(QString, html);
        QFETCH(QString, kind);
        QFETCH(bool, hidden);
        QFETCH(QString, reason);
        QFETCH(int, width);
        const auto f = HtmlScan::scan(html.toStdString());
        QCOMPARE(f.images.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(f.images[0].srcKind), kind);
        QCOMPARE(f.images[0].hidden, hidden);
        QCOMPARE(QString::fromStdString(f.images[0].hiddenReason), reason);
        QCOMPARE(f.images[0].width.value_or(-1), width);
    }
    void linksFormsAndTextUrls() {
        const auto f = HtmlScan::scan(
            "<p>Dear customer, see https://text.example/a.</p><a href=\"http://evil.example/login?x=1&amp;y=2\">PayPal <b>Login</b></a>"
            "<form action=\"https://collect.example/post.php\" method=\"POST\"><input type=\"text\" name=\"user\">"
            "<input type=\"password\" name=\"pw\"></form><!-- <a href=\"http://commented.example/\"> -->");
        QCOMPARE(f.forms.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(f.forms[0].action), QStringLiteral("https://collect.example/post.php"));
        QVERIFY(f.forms[0].hasPassword);
        QCOMPARE(f.forms[0].inputs.size(), std::size_t(2));
        bool href = false, action = false, textUrl = false;
        for (const auto &u : f.urls) {
            QVERIFY2(u.url.find("commented") == std::string::npos, "URL inside an HTML comment");
            if (u.origin == "href") {
                href = true;
                QCOMPARE(QString::fromStdString(u.url), QStringLiteral("http://evil.example/login?x=1&y=2"));
                QCOMPARE(QString::fromStdString(u.anchorText), QStringLiteral("PayPal Login"));
            }
            action = action || (u.origin == "form action");
            textUrl = textUrl || (u.origin == "text" && u.url == "https://text.example/a");
        }
        QVERIFY(href && action && textUrl);
    }
    void hostileHtmlDoesNotHang() {
        // A megabyte-long "URL" and unterminated tags: must finish, not recurse.
        std::string html = "<a href=\"http://x.example/" + std::string(1 << 20, 'a') + "\">x<img src=";
        html += "<<<<" + std::string(100000, '<');
        const auto f = HtmlScan::scan(html);
        QVERIFY(!f.urls.empty());
        QVERIFY(HtmlScan::textUrls("see http://" + std::string(2 << 20, 'b')).empty());  // too long to be a URL
    }

    void textUrlsAndEntitiesScaleLinearly() {
        // 100,000 URLs and no "www.": every scheme used to be searched again
        // from each URL to the end of the text (quadratic: minutes here).
        std::string body;
        for (int i = 0; i < 100000; ++i)
            body += "http://u" + std::to_string(i % 3000) + ".example/a?b=" + std::to_string(i) + " ";
        QElapsedTimer timer;
        timer.start();
        const auto urls = HtmlScan::textUrls(body);
        QCOMPARE(urls.size(), std::size_t(100000));
        QCOMPARE(QString::fromStdString(urls[99999]), QStringLiteral("http://u999.example/a?b=99999"));
        QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
        // Entities: the ';' was searched to the end from every '&' (2 MB of
        // '&' took 20 s in a release build).
        const std::string amps(2'000'000, '&');
        QCOMPARE(HtmlScan::decodeEntities(amps).size(), amps.size());
        QCOMPARE(HtmlScan::decodeEntities("a &amp; b &#x41;&#66; &lt;&gt; &bogus; &nbsp&amp;"),
                 std::string("a & b AB <> &bogus; &nbsp&"));
        QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
        const auto mixed = HtmlScan::textUrls("ftp://c.example/x then www.a.example/y, https://b.example/z and http://d.example/w");
        QCOMPARE(mixed, (std::vector<std::string>{"ftp://c.example/x", "www.a.example/y", "https://b.example/z",
                                                  "http://d.example/w"}));
    }

    void domains_data() {
        QTest::addColumn<QString>("domain");
        QTest::addColumn<QString>("unicode");
        QTest::addColumn<QString>("registrable");
        // xn--80ak6aa92e is the well-known Cyrillic "аррӏе" homograph of apple.
        QTest::newRow("punycode homograph") << "xn--80ak6aa92e.com" << QString::fromUtf8("аррӏе.com") << QString::fromUtf8("аррӏе.com");
        QTest::newRow("two-level suffix") << "Mail.Example.co.uk." << "mail.example.co.uk" << "example.co.uk";
        QTest::newRow("deep") << "a.b.example.com" << "a.b.example.com" << "example.com";
        QTest::newRow("public suffix only") << "co.uk" << "co.uk" << "";
    }
    void domains() {
        QFETCH(QString, domain);
        QFETCH(QString, unicode);
        QFETCH(QString, registrable);
        const auto f = ObservableCollector::domainForms(domain.toStdString());
        QCOMPARE(QString::fromStdString(f.unicode), unicode);
        QCOMPARE(QString::fromStdString(f.registrable), registrable);
    }
    void urlHost() {
        QCOMPARE(QString::fromStdString(ObservableCollector::urlHost("http://paypal.com@evil.example:8080/x")),
                 QStringLiteral("evil.example"));
        QCOMPARE(QString::fromStdString(ObservableCollector::urlHost("https://[2001:db8::1]/")), QStringLiteral("2001:db8::1"));
    }

    void sniff_data() {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("parser");  // "" = no mail parser
        QTest::newRow("mbox") << QByteArray("From a@b Thu Jan  1 00:00:00 2020\nFrom: a@b\n\nx\n") << "x" << "mbox";
        QTest::newRow("eml no extension") << QByteArray("Received: by x\nFrom: a@b\nSubject: s\n\nbody") << "1234.host:2,S" << "eml";
        QTest::newRow("eml crlf") << crlf("Return-Path: <a@b>\nDelivered-To: c@d\nTo: c@d\n\nbody") << "msg" << "eml";
        QTest::newRow("text file") << QByteArray("Note: this is a readme\nIt has text.\n") << "README" << "";
        QTest::newRow("tnef") << QByteArray("\x78\x9f\x3e\x22\x01\x00", 6) << "winmail.dat" << "tnef";
        QTest::newRow("empty") << QByteArray() << "size-0" << "";
    }
    void sniff() {
        QFETCH(QByteArray, head);
        QFETCH(QString, name);
        QFETCH(QString, parser);
        const ByteView view(reinterpret_cast<const std::uint8_t *>(head.constData()), static_cast<std::size_t>(head.size()));
        MboxParser mbox;
        EmlParser eml;
        TnefParser tnef;
        QString best;
        ingest::Confidence bestConf = ingest::Confidence::None;
        for (ingest::Parser *p : std::initializer_list<ingest::Parser *>{&mbox, &eml, &tnef}) {
            const auto c = p->sniff(view, name.toStdString());
            if (c > bestConf) {
                bestConf = c;
                best = QString::fromLatin1(p->info().id.data(), static_cast<int>(p->info().id.size()));
            }
        }
        QCOMPARE(best, parser);
    }
    void maildirFlags_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("flags");
        QTest::newRow("colon") << "1700000000.M1P2.host:2,RS" << "RS";
        QTest::newRow("comma (mailpile)") << "1379857166.25979_1.hottie,2,S" << "S";
        QTest::newRow("bang") << "1700000000.host!2,FS" << "FS";
        QTest::newRow("no flags yet") << "1700000000.host:2," << "";
        QTest::newRow("not maildir") << "message.eml" << "<none>";
    }
    void maildirFlags() {
        QFETCH(QString, name);
        QFETCH(QString, flags);
        const auto f = EmlParser::maildirFlags(name.toStdString());
        QCOMPARE(f ? QString::fromStdString(*f) : QStringLiteral("<none>"), flags);
    }

    void mboxSplitter_data() {
        QTest::addColumn<QByteArray>("mbox");
        QTest::addColumn<QList<qint64>>("offsets");
        const QByteArray m1 = "From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\n\n";
        const QByteArray m2 = "From c@d Mon Jan  1 00:00:01 2024\nSubject: two\n\nFrom the start\n\n";
        const QByteArray m3 = "From e@f Mon Jan  1 00:00:02 2024\nSubject: three\n\nx\n";
        QTest::newRow("mboxo: every From_ line separates") << m1 + m2 + m3 << QList<qint64>{0, m1.size(), m1.size() + m2.size(), m1.size() + m2.size() + 50};
        const QByteArray body = "line\nFrom inside the body\n";
        const QByteArray cl = "From a@b Mon Jan  1 00:00:00 2024\nContent-Length: " + QByteArray::number(body.size()) +
                              "\n\n" + body + "\n";
        QTest::newRow("valid Content-Length hides body From_") << cl + m3 << QList<qint64>{0, cl.size()};
        const QByteArray lying = "From a@b Mon Jan  1 00:00:00 2024\nContent-Length: 9999\n\nshort\n\n";
        QTest::newRow("lying Content-Length ignored") << lying + m3 << QList<qint64>{0, lying.size()};
        QTest::newRow("crlf") << crlf(m1 + m3) << QList<qint64>{0, crlf(m1).size()};
        QTest::newRow("empty") << QByteArray() << QList<qint64>{};
        QTest::newRow("one byte") << QByteArray("x") << QList<qint64>{};
    }
    void mboxSplitter() {
        QFETCH(QByteArray, mbox);
        QFETCH(QList<qint64>, offsets);
        // Fix the hand-written row whose last offset is computed here.
        if (QByteArray(QTest::currentDataTag()).startsWith("mboxo"))
            offsets.removeLast();
        MboxSplitter splitter(
            [&](char *buf, std::size_t len, std::int64_t off) -> long {
                if (off >= mbox.size())
                    return 0;
                const auto n = std::min<std::size_t>(len, static_cast<std::size_t>(mbox.size() - off));
                std::memcpy(buf, mbox.constData() + off, n);
                return static_cast<long>(n);
            },
            mbox.size());
        QList<qint64> got;
        while (auto s = splitter.next())
            got << s->start;
        if (QByteArray(QTest::currentDataTag()).startsWith("mboxo"))
            QCOMPARE(got.size(), 4);  // "From the start" in the body is a separator in mboxo
        else
            QCOMPARE(got, offsets);
    }

    // ---- end to end, through the CLI and the case ----

    void rfc2047Subjects_data() {
        QTest::addColumn<QByteArray>("subject");
        QTest::addColumn<QString>("decoded");
        QTest::newRow("iso-8859-1 Q") << QByteArray("=?ISO-8859-1?Q?Caf=E9_cr=E8me?=") << QString::fromUtf8("Café crème");
        QTest::newRow("utf-8 B") << QByteArray("=?UTF-8?B?0J/RgNC40LLQtdGCINC80LjRgA==?=") << QString::fromUtf8("Привет мир");
        QTest::newRow("koi8-r B") << QByteArray("=?KOI8-R?B?8NLJ18XU?=") << QString::fromUtf8("Привет");
        QTest::newRow("iso-2022-jp B") << QByteArray("=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=") << QString::fromUtf8("日本語");
        QTest::newRow("windows-1252 Q euro") << QByteArray("=?windows-1252?Q?Price_=80100?=") << QString::fromUtf8("Price €100");
        QTest::newRow("iso-8859-15 B") << QByteArray("=?iso-8859-15?B?R3L832U=?=") << QString::fromUtf8("Grüße");
        QTest::newRow("adjacent words join") << QByteArray("=?UTF-8?Q?Urgent:?= =?UTF-8?Q?_invoice?=") << QStringLiteral("Urgent: invoice");
        QTest::newRow("raw latin-1 bytes fall back") << QByteArray("Caf\xe9") << QString::fromUtf8("Café");
    }
    // Addresses come from GMime's own lists: a folded quoted name is
    // unfolded, an 8-bit (Latin-1) address goes through the charset
    // fallbacks like every other header text, every Cc header counts.
    void addressListsFromGmime() {
        QTemporaryDir dir;
        const QString eml = dir.path() + QStringLiteral("/m.eml");
        test::writeFile(eml, QByteArray("From: \"Die H\xc3\xb6hle der\r\n L\xc3\xb6wen\" <noreply@md.example>\r\n"
                                        "Reply-To: \"Folded\r\n Name\" <r@example.com>\r\n"
                                        "To: jos\xe9@latin.example, b@example.com\r\n"
                                        "Cc: c1@example.com\r\nCc: Second <c2@example.com>\r\n"
                                        "Subject: s\r\n\r\nbody\r\n"));
        auto c = test::ingestInto({eml});
        QVERIFY(c->db);
        const auto emails = test::objectsOfKind(*c->db, "email");
        QCOMPARE(emails.size(), std::size_t(1));
        const auto from = jsonAttr(emails[0], "from");
        QCOMPARE(QString::fromStdString(from[0]["name"].get<std::string>()), QString::fromUtf8("Die Höhle der Löwen"));
        QCOMPARE(QString::fromStdString(text(emails[0], "from_display")),
                 QString::fromUtf8("Die Höhle der Löwen <noreply@md.example>"));
        QCOMPARE(QString::fromStdString(jsonAttr(emails[0], "reply_to")[0]["name"].get<std::string>()),
                 QStringLiteral("Folded Name"));
        const auto to = jsonAttr(emails[0], "to");
        QCOMPARE(to.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(to[0]["address"].get<std::string>()), QString::fromUtf8("josé@latin.example"));
        const auto cc = jsonAttr(emails[0], "cc");
        QCOMPARE(cc.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(cc[1]["name"].get<std::string>()), QStringLiteral("Second"));
    }

    // sanitizeUtf8/toUtf8 check ASCII eight bytes at a time before glib's
    // validator: NULs and bad bytes must be caught wherever they sit in or
    // after those words. Expected values written by hand: U+FFFD for each bad
    // byte and each NUL (g_utf8_make_valid).
    void utf8Cleaning_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        const QByteArray fffd("\xef\xbf\xbd");
        QTest::newRow("empty") << QByteArray() << QByteArray();
        QTest::newRow("short ascii") << QByteArray("abc") << QByteArray("abc");
        QTest::newRow("long ascii") << QByteArray("0123456789abcdefghijklmnopq") << QByteArray("0123456789abcdefghijklmnopq");
        for (int at : {0, 5, 7, 8, 15, 17}) {
            QByteArray in("0123456789abcdefghij");
            in[at] = '\0';
            QByteArray out = in;
            out.replace(at, 1, fffd);
            QTest::newRow(qPrintable(QStringLiteral("NUL at %1").arg(at))) << in << out;
        }
        QTest::newRow("utf-8 after a word") << QByteArray("abcdefghi\xc3\xa9z") << QByteArray("abcdefghi\xc3\xa9z");
        QTest::newRow("bad byte after two words") << QByteArray("0123456789abcdef\xffxyz")
                                                  << QByteArray("0123456789abcdef") + fffd + "xyz";
        QTest::newRow("cut sequence at the end") << QByteArray("0123456789\xe2\x82") << QByteArray("0123456789") + fffd + fffd;
        QTest::newRow("NUL after utf-8") << QByteArray("\xc3\xa9\0xyz01234567", 14) << QByteArray("\xc3\xa9") + fffd + "xyz01234567";
    }
    void utf8Cleaning() {
        ensureGmime();  // as every parser does first: the charset tables
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        const std::string_view in(input.constData(), static_cast<std::size_t>(input.size()));
        QCOMPARE(QByteArray::fromStdString(sanitizeUtf8(in)), expected);
        // toUtf8 hands anything but clean UTF-8 to the charset fallbacks: the
        // result is clean, and equal to the input when the input was.
        const bool clean = !input.contains('\0') && expected == input;
        for (const char *charset : {static_cast<const char *>(nullptr), "utf-8", "iso-8859-1"}) {
            const std::string out = toUtf8(in, charset);
            QVERIFY(out.find('\0') == std::string::npos);
            QCOMPARE(sanitizeUtf8(out), out);
            if (clean && (charset == nullptr || !input.contains("\xc3")))
                QCOMPARE(QByteArray::fromStdString(out), input);
        }
    }

    // The header list is written by hand, not through nlohmann (speed): it
    // must be the very text nlohmann would write for the same values, for
    // headers full of what JSON escapes, in and out of 8-byte words.
    void headerListIsNlohmannJson() {
        QTemporaryDir dir;
        const QString eml = dir.path() + QStringLiteral("/m.eml");
        const QByteArray msg = QByteArray("From: \"Back\\\\slash \\\"Quoted\\\"\" <a@example.com>\r\n"
                                          "To: b@example.com\r\n"
                                          "Subject: tab\there \"q\" back\\slash ctl\x01\x1f end\r\n"
                                          "X-Long: 0123456789abcdefghij\"0123456789\\abcdefghij0123456789\r\n"
                                          "\tfolded\r\n"
                                          "X-Latin: Caf\xe9 cr\xe8me\r\n"
                                          "X-Short: \"\r\n"
                                          "X-Utf8: =?UTF-8?B?0J/RgNC40LLQtdGCICLQvNC40YAi?=\r\n"
                                          "\r\nbody\r\n");
        test::writeFile(eml, msg);
        auto c = test::ingestInto({eml});
        QVERIFY(c->db);
        const auto emails = test::objectsOfKind(*c->db, "email");
        QCOMPARE(emails.size(), std::size_t(1));
        const std::string stored = text(emails[0], "headers");
        const auto parsed = nlohmann::json::parse(stored);
        QCOMPARE(parsed.size(), std::size_t(7));
        QCOMPARE(QString::fromStdString(parsed.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)),
                 QString::fromStdString(stored));
        QCOMPARE(QString::fromStdString(parsed[2]["raw"].get<std::string>()),
                 QString::fromLatin1("tab\there \"q\" back\\slash ctl\x01\x1f end"));
        QCOMPARE(QString::fromStdString(parsed[3]["raw"].get<std::string>()),
                 QStringLiteral("0123456789abcdefghij\"0123456789\\abcdefghij0123456789\r\n\tfolded"));
        QCOMPARE(QString::fromStdString(parsed[4]["value"].get<std::string>()), QString::fromUtf8("Café crème"));
        QCOMPARE(QString::fromStdString(parsed[5]["raw"].get<std::string>()), QStringLiteral("\""));
        QCOMPARE(QString::fromStdString(parsed[6]["value"].get<std::string>()), QString::fromUtf8("Привет \"мир\""));
    }
    void rfc2047Subjects() {
        QFETCH(QByteArray, subject);
        QFETCH(QString, decoded);
        QTemporaryDir dir;
        const QString eml = dir.path() + QStringLiteral("/m.eml");
        test::writeFile(eml, "From: a@example.com\nTo: b@example.com\nSubject: " + subject +
                                 "\nDate: Tue, 5 Mar 2024 10:00:00 +0000\nMessage-ID: <s@x>\n\nbody\n");
        auto c = test::ingestInto({eml});
        QVERIFY(c->db);
        const auto emails = test::objectsOfKind(*c->db, "email");
        QCOMPARE(emails.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(text(emails[0], "subject")), decoded);
    }

    void fullMessage() {
        QTemporaryDir dir;
        // A zip encrypted with the conventional "infected", found without --password.
        const std::string zipPath = (dir.path() + QStringLiteral("/sample.zip")).toStdString();
        test::writeArchive(zipPath, test::ArchiveKind::Zip, {{"payload.txt", "not really malware\n"}}, "infected");
        const QByteArray zip = QByteArray::fromStdString(test::readAll(zipPath));
        const QByteArray bin("\x00\x01\x02\xff" "binary attachment\n", 22);
        QByteArray msg =
            "Received: from mx.victim.example (mx.victim.example [10.0.0.5]) by mailbox.victim.example with LMTP; "
            "Tue, 5 Mar 2024 10:00:30 +0000\n"
            "Received: from mail.attacker.example (unknown [203.0.113.7]) by mx.victim.example with ESMTPS; "
            "Tue, 5 Mar 2024 11:00:10 +0100\n"
            "Authentication-Results: mx.victim.example; spf=fail smtp.mailfrom=bank.example; dkim=none; "
            "dmarc=fail header.from=bank.example\n"
            "From: =?UTF-8?B?0J/RgNC40LLQtdGCINC80LjRgA==?= <security@xn--80ak6aa92e.com>\n"
            "Reply-To: collect@evil.example\n"
            "To: victim@parliament.example, \"Second\" <second@parliament.example>\n"
            "Subject: =?ISO-8859-1?Q?Caf=E9?=\n"
            "Date: Tue, 5 Mar 2024 11:00:00 +0100\n"
            "Message-ID: <fixture-1@attacker.example>\n"
            "X-Mailer: FixtureMailer 1.0\n"
            "X-Originating-IP: [198.51.100.23]\n"
            "MIME-Version: 1.0\n"
            "Content-Type: multipart/mixed; boundary=\"b1\"\n\n"
            "--b1\nContent-Type: multipart/alternative; boundary=\"b2\"\n\n"
            "--b2\nContent-Type: text/plain; charset=utf-8\n\nVisit http://plain.example/path now.\n"
            "begin 644 hello.txt\n.2&5L;&\\L('=O<FQD(0H \n`\nend\n"
            "--b2\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
            "<html><body><a href=3D\"http://evil.example/login\">Your bank</a>\n"
            "<img src=3D\"http://track.example/p.gif\" width=3D\"1\" height=3D\"1\"></body></html>\n"
            "--b2--\n"
            "--b1\nContent-Type: application/octet-stream; name=\"report.bin\"\n"
            "Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.bin\n"
            "Content-Transfer-Encoding: base64\n\n" +
            bin.toBase64() +
            "\n--b1\nContent-Type: application/zip; name=\"sample.zip\"\nContent-Transfer-Encoding: base64\n\n" +
            zip.toBase64() +
            "\n--b1\nContent-Type: message/rfc822\n\n"
            "From: inner@example.org\nSubject: inner\nContent-Type: multipart/mixed; boundary=\"i1\"\n\n"
            "--i1\nContent-Type: text/plain\n\nhi\n--i1\nContent-Type: message/rfc822\n\n"
            "From: innermost@example.org\nSubject: innermost\n\ndeep\n--i1--\n"
            "--b1--\n";
        const QString emlPath = dir.path() + QStringLiteral("/Maildir/cur/1700000000.M1.host:2,RS");
        QDir().mkpath(dir.path() + QStringLiteral("/Maildir/cur"));
        test::writeFile(emlPath, msg);
        auto c = test::ingestInto({dir.path() + QStringLiteral("/Maildir")});
        QVERIFY(c->db);
        QCOMPARE(c->exitCode, 0);
        const auto emails = test::objectsOfKind(*c->db, "email");
        QCOMPARE(emails.size(), std::size_t(3));  // outer, inner, innermost
        const auto &e = emails[0];
        QCOMPARE(QString::fromStdString(text(e, "subject")), QString::fromUtf8("Café"));
        // GMime decodes IDN addresses; the punycode form is kept as an observable.
        QCOMPARE(QString::fromStdString(text(e, "from_address")), QString::fromUtf8("security@аррӏе.com"));
        QCOMPARE(QString::fromStdString(text(e, "from_display")), QString::fromUtf8("Привет мир <security@аррӏе.com>"));
        QCOMPARE(jsonAttr(e, "to").size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(jsonAttr(e, "reply_to")[0]["address"].get<std::string>()),
                 QStringLiteral("collect@evil.example"));
        QVERIFY(attr(e, "date"));
        QCOMPARE(attr(e, "date")->integer, qint64(1709632800) * 1000000);  // 10:00:00Z
        QCOMPARE(QString::fromStdString(text(e, "message_id")), QStringLiteral("fixture-1@attacker.example"));
        QCOMPARE(QString::fromStdString(text(e, "x_originating_ip")), QStringLiteral("198.51.100.23"));
        QCOMPARE(QString::fromStdString(text(e, "maildir_flags")), QStringLiteral("RS"));
        QCOMPARE(QString::fromStdString(text(e, "maildir_folder")), QStringLiteral("cur"));
        const auto headers = jsonAttr(e, "headers");
        QCOMPARE(QString::fromStdString(headers[0]["name"].get<std::string>()), QStringLiteral("Received"));
        QCOMPARE(QString::fromStdString(headers[6]["raw"].get<std::string>()), QStringLiteral("=?ISO-8859-1?Q?Caf=E9?="));
        QCOMPARE(QString::fromStdString(headers[6]["value"].get<std::string>()), QString::fromUtf8("Café"));
        const auto hops = jsonAttr(e, "received_hops");
        QCOMPARE(hops.size(), std::size_t(2));
        QCOMPARE(hops[1]["delay_seconds"].get<int>(), 20);
        QCOMPARE(QString::fromStdString(hops[0]["ip"].get<std::string>()), QStringLiteral("203.0.113.7"));
        const auto auth = jsonAttr(e, "auth_results");
        QCOMPARE(QString::fromStdString(auth[0]["method"].get<std::string>()), QStringLiteral("spf"));
        QCOMPARE(QString::fromStdString(auth[0]["result"].get<std::string>()), QStringLiteral("fail"));
        QCOMPARE(QString::fromStdString(auth[2]["domain"].get<std::string>()), QStringLiteral("bank.example"));
        // The quoted-printable 1x1 remote image is found as hidden.
        const auto images = jsonAttr(e, "images");
        QCOMPARE(images.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(images[0]["src_kind"].get<std::string>()), QStringLiteral("remote"));
        QVERIFY(images[0]["hidden"].get<bool>());
        QCOMPARE(images[0]["width"].get<int>(), 1);
        bool link = false, plain = false;
        for (const auto &u : jsonAttr(e, "urls")) {
            link = link || (u["url"] == "http://evil.example/login" && u["anchor_text"] == "Your bank");
            plain = plain || (u["url"] == "http://plain.example/path" && u["origin"] == "text");
        }
        QVERIFY(link && plain);
        QCOMPARE(attr(e, "attachment_count")->integer, qint64(3));  // résumé.bin, sample.zip, hello.txt (uuencoded)

        // Attachments: decoded names, hashes against Python's email package.
        casestore::CaseReader reader(*c->db);
        auto kids = reader.children(e.id);
        QVERIFY(kids);
        QMap<QString, QString> harrierHashes;
        QMap<QString, casestore::ObjectId> ids;
        for (const auto &k : *kids)
            if (k.kind == "attachment") {
                harrierHashes[QString::fromStdString(k.name)] = QString::fromStdString(k.sha256);
                ids[QString::fromStdString(k.name)] = k.id;
            }
        const QByteArray py = test::python(QString::fromLatin1(kPyAttachments), {emlPath});
        QVERIFY(!py.isEmpty());
        for (const QByteArray &line : py.split('\n')) {
            if (line.isEmpty())
                continue;
            const auto cols = QString::fromUtf8(line).split(QLatin1Char('\t'));
            QCOMPARE(harrierHashes.value(cols[0]), cols[1]);
        }
        QCOMPARE(harrierHashes.value(QString::fromUtf8("résumé.bin")), sha256Of(bin));
        QCOMPARE(harrierHashes.value(QStringLiteral("hello.txt")), sha256Of("Hello, world!\n"));
        // The encrypted zip is flagged and expanded with the default password.
        auto zipObj = reader.object(ids.value(QStringLiteral("sample.zip")));
        QVERIFY(zipObj);
        QVERIFY(attr(*zipObj, "encrypted_archive"));
        auto zipKids = reader.children(zipObj->id);
        QVERIFY(zipKids && zipKids->size() == 1);
        QCOMPARE(QString::fromStdString((*zipKids)[0].sha256), sha256Of("not really malware\n"));
        // Nested message/rfc822 at depth 2.
        QCOMPARE(emails[1].parentId, e.id);
        QCOMPARE(QString::fromStdString(text(emails[1], "subject")), QStringLiteral("inner"));
        QCOMPARE(emails[2].parentId, emails[1].id);
        QCOMPARE(QString::fromStdString(text(emails[2], "subject")), QStringLiteral("innermost"));
        // Events: sent + 2 hops for the outer message.
        auto events = casestore::ObjectQuery(*c->db).events(e.id);
        QVERIFY(events);
        QCOMPARE(events->size(), std::size_t(3));
        // Observables: the punycode domain also appears decoded.
        auto obs = casestore::ObjectQuery(*c->db).observables(e.id);
        QVERIFY(obs);
        bool unicode = false, puny = false, ip = false;
        for (const auto &o : *obs) {
            unicode = unicode || (o.kind == "domain" && o.value == "аррӏе.com");
            puny = puny || (o.kind == "domain" && o.value == "xn--80ak6aa92e.com");
            ip = ip || (o.kind == "ipv4" && o.value == "203.0.113.7");
        }
        QVERIFY(unicode && puny && ip);
    }

    void crOnlyMbox() {
        // Classic Mac OS line endings; offsets are those of the original bytes.
        QTemporaryDir dir;
        const QByteArray m1 = "From a@b Mon Jan  1 00:00:00 2024\rSubject: one\r\rbody\r\r";
        const QByteArray m2 = "From c@d Mon Jan  1 00:00:01 2024\rSubject: two\r\rbody\r";
        const QString path = dir.path() + QStringLiteral("/mac.mbox");
        test::writeFile(path, m1 + m2);
        auto c = test::ingestInto({path});
        QVERIFY(c->db);
        const auto emails = test::objectsOfKind(*c->db, "email");
        QCOMPARE(emails.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(text(emails[1], "subject")), QStringLiteral("two"));
        QCOMPARE(attr(emails[1], "mbox_offset")->integer, qint64(m1.size()));
        // The mailbox's blob holds its original bytes (messages are parsed from a CR->LF copy).
        const auto files = test::objectsOfKind(*c->db, "file");
        QCOMPARE(files.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(files[0].blobSha256), sha256Of(m1 + m2));
    }

    void rawMessagesTileTheMbox() {
        // Each raw message is a blob addressed by its SHA-256 (no MD5/SHA-1
        // for raw messages), and the messages in mbox_offset order give back
        // every byte of the mailbox, which keeps its own blob and three hashes.
        QTemporaryDir dir;
        const QByteArray m1 = "From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody one\n\n";
        const QByteArray m2 = "From c@d Mon Jan  1 00:00:01 2024\nSubject: two\n\nbody two\n";
        const QString path = dir.path() + QStringLiteral("/tiled.mbox");
        test::writeFile(path, m1 + m2);
        auto c = test::ingestInto({path});
        QVERIFY(c->db);
        const auto files = test::objectsOfKind(*c->db, "file");
        QCOMPARE(files.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(files[0].blobSha256), sha256Of(m1 + m2));
        QCOMPARE(files[0].md5.size(), std::size_t(32));
        QCOMPARE(files[0].sha1.size(), std::size_t(40));
        const auto emails = test::objectsOfKind(*c->db, "email");
        QCOMPARE(emails.size(), std::size_t(2));
        QByteArray joined;
        for (const auto &e : emails) {
            QVERIFY(e.md5.empty() && e.sha1.empty());
            QCOMPARE(e.blobSha256, e.sha256);
            auto raw = casestore::CaseReader(*c->db).blob(e.blobSha256);
            QVERIFY(raw);
            QCOMPARE(attr(e, "mbox_offset")->integer, qint64(joined.size()));
            joined += QByteArray(reinterpret_cast<const char *>(raw->data()), static_cast<qsizetype>(raw->size()));
        }
        QCOMPARE(joined, m1 + m2);
        QCOMPARE(QString::fromStdString(emails[0].sha256), sha256Of(m1));
    }

    void unparsableMessageIsCountedAndKept() {
        // GMime cannot parse a "message" whose first line is a continuation:
        // it counts as failed, an error is recorded, and its bytes are kept.
        QTemporaryDir dir;
        const QByteArray bad = "From a@b Mon Jan  1 00:00:00 2024\n      GNU LICENSE\n  text\n\n";
        const QByteArray good = "From c@d Mon Jan  1 00:00:00 2024\nSubject: ok\n\nbody\n";
        const QString path = dir.path() + QStringLiteral("/u.mbox");
        test::writeFile(path, bad + good);
        auto c = test::ingestInto({path});
        QVERIFY(c->db);
        QCOMPARE(c->exitCode, 4);  // partial: an item failed
        const auto emails = test::objectsOfKind(*c->db, "email");
        QCOMPARE(emails.size(), std::size_t(2));
        QVERIFY(attr(emails[0], "parse_failed"));
        QCOMPARE(QString::fromStdString(emails[0].sha256), sha256Of(bad));
        QCOMPARE(QString::fromStdString(text(emails[1], "subject")), QStringLiteral("ok"));
        auto errors = casestore::CaseReader(*c->db).errors();
        QVERIFY(errors && errors->size() == 1);
        QCOMPARE(errors->front().offset.value_or(-1), qint64(0));
        auto file = test::objectsOfKind(*c->db, "file");
        auto containers = casestore::CaseReader(*c->db).containers(file.at(0).sourceId);
        QVERIFY(containers);
        bool checked = false;
        for (const auto &k : *containers)
            if (k.containerId == file.at(0).id) {
                QCOMPARE(k.seen, std::uint64_t(2));
                QCOMPARE(k.failed, std::uint64_t(1));
                checked = true;
            }
        QVERIFY(checked);
    }

    void mboxrdFromUnquoting() {
        // Bodies as their senders wrote them; the mbox below is what an
        // mboxrd writer makes of them (one more '>' on every `>*From ` line).
        // Python's mailbox module does not unquote, so the expected values are
        // these originals, not another reader's output.
        QTemporaryDir dir;
        const QByteArray original1 = "Only a plain one:\nFrom here on it is quoted once.\nend\n";
        const QByteArray original2 = "Hello\nFrom the start of a line\n>From an old quote\n>>From a deeper quote\n"
                                     " From indented stays\nend\n";
        QByteArray payload;
        for (int i = 0; i < 300; ++i)
            payload.append(static_cast<char>((i * 7 + 3) & 0xff));
        auto mboxrdQuote = [](const QByteArray &text) {
            QByteArray out;
            for (const QByteArray &line : text.split('\n')) {
                qsizetype i = 0;
                while (i < line.size() && line[i] == '>')
                    ++i;
                out += (line.mid(i).startsWith("From ") ? QByteArray(">") : QByteArray()) + line + "\n";
            }
            out.chop(1);  // split() gave one empty piece after the final newline
            return out;
        };
        // Written by hand, not only by the lambda: the lambda must agree.
        QCOMPARE(mboxrdQuote(original2), QByteArray("Hello\n>From the start of a line\n>>From an old quote\n"
                                                    ">>>From a deeper quote\n From indented stays\nend\n"));
        // Message 1 carries only a single-quoted line: the mailbox-wide search
        // for `>>From ` (in message 2) must decide it.
        const QByteArray m1 = "From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\n" + mboxrdQuote(original1) + "\n";
        const QByteArray m2 = "From c@d Mon Jan  1 00:00:01 2024\nSubject: two\nMIME-Version: 1.0\n"
                              "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n" +
                              mboxrdQuote(original2) +
                              "--b\nContent-Type: application/octet-stream; name=\"p.bin\"\n"
                              "Content-Transfer-Encoding: base64\n\n" + payload.toBase64() + "\n--b--\n\n";
        const QByteArray m3 = "From e@f Mon Jan  1 00:00:02 2024\nSubject: three\n\nnothing quoted\n";
        const QString path = dir.path() + QStringLiteral("/rd.mbox");
        test::writeFile(path, m1 + m2 + m3);
        auto c = test::ingestInto({path});
        QVERIFY(c->db);
        QCOMPARE(c->exitCode, 0);
        const auto emails = test::objectsOfKind(*c->db, "email");
        QCOMPARE(emails.size(), std::size_t(3));
        // The blank line written before the next From_ line belongs to the
        // message window (as for every mbox message), hence the extra "\n".
        QCOMPARE(QByteArray::fromStdString(text(emails[0], "body_text")), original1 + "\n");
        // In a multipart the line break before a boundary belongs to the boundary (RFC 2046).
        QCOMPARE(QByteArray::fromStdString(text(emails[1], "body_text")), original2.chopped(1));
        QCOMPARE(QString::fromStdString(text(emails[1], "mbox_variant")), QStringLiteral("mboxrd"));
        QCOMPARE(attr(emails[0], "mbox_from_unquoted")->integer, qint64(1));
        QCOMPARE(attr(emails[1], "mbox_from_unquoted")->integer, qint64(3));
        QVERIFY(!attr(emails[2], "mbox_variant"));
        // Evidence: offsets, lengths and raw blobs are the bytes in the file.
        QCOMPARE(attr(emails[1], "mbox_offset")->integer, qint64(m1.size()));
        QCOMPARE(attr(emails[1], "mbox_length")->integer, qint64(m2.size()));
        QCOMPARE(QString::fromStdString(emails[0].sha256), sha256Of(m1));
        QCOMPARE(QString::fromStdString(emails[1].sha256), sha256Of(m2));
        // The base64 attachment decodes to the payload, untouched by unquoting.
        const auto attachments = test::objectsOfKind(*c->db, "attachment");
        QCOMPARE(attachments.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(attachments[0].sha256), sha256Of(payload));
    }

    void mboxoFromLinesStayQuoted() {
        // No `>>From ` anywhere: mboxo, whose quoting cannot be reversed.
        QTemporaryDir dir;
        const QByteArray body = "Hi\n>From the sender or from the writer? Unknown.\n";
        const QByteArray m1 = "From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\n" + body;
        const QString path = dir.path() + QStringLiteral("/o.mbox");
        test::writeFile(path, m1);
        auto c = test::ingestInto({path});
        QVERIFY(c->db);
        const auto emails = test::objectsOfKind(*c->db, "email");
        QCOMPARE(emails.size(), std::size_t(1));
        QCOMPARE(QByteArray::fromStdString(text(emails[0], "body_text")), body);
        QCOMPARE(QString::fromStdString(text(emails[0], "mbox_variant")), QStringLiteral("mboxo"));
    }

    void contentLengthBodyIsNotUnquoted() {
        // mboxcl: the body is delimited by its Content-Length, so a `>From `
        // line in it is the sender's, even in a mailbox with `>>From ` lines.
        QTemporaryDir dir;
        const QByteArray body = ">From the sender, kept\n";
        const QByteArray m1 = "From a@b Mon Jan  1 00:00:00 2024\nSubject: cl\nContent-Length: " +
                              QByteArray::number(body.size()) + "\n\n" + body;
        const QByteArray m2 = "From c@d Mon Jan  1 00:00:01 2024\nSubject: rd\n\n>>From quoted\n";
        const QString path = dir.path() + QStringLiteral("/cl.mbox");
        test::writeFile(path, m1 + m2);
        auto c = test::ingestInto({path});
        QVERIFY(c->db);
        const auto emails = test::objectsOfKind(*c->db, "email");
        QCOMPARE(emails.size(), std::size_t(2));
        QVERIFY(attr(emails[0], "mbox_content_length_used"));
        QCOMPARE(QByteArray::fromStdString(text(emails[0], "body_text")), body);
        QVERIFY(!attr(emails[0], "mbox_variant"));
        QCOMPARE(QByteArray::fromStdString(text(emails[1], "body_text")), QByteArray(">From quoted\n"));
    }

    void mboxrdSearchCrossesWindows() {
        // The `>>From ` search reads 1 MiB windows; a line cut by a window
        // edge must still be found, and a near miss must not be.
        for (const qsizetype at : {qsizetype(1 << 20) - 3, qsizetype(1 << 20) - 60, qsizetype(1 << 20) + 5}) {
            QByteArray data(3 << 20, 'x');
            for (qsizetype i = 80; i < data.size(); i += 80)
                data[i] = '\n';
            QByteArray probe = data;
            probe.replace(at - 1, 9, "\n>>From x");
            QByteArray miss = data;
            miss.replace(at - 1, 9, "\n>>Frox x");
            for (const auto &[bytes, want] : {std::pair{probe, true}, std::pair{miss, false}}) {
                MboxSplitter s(
                    [&bytes](char *buf, std::size_t len, std::int64_t off) -> long {
                        if (off >= bytes.size())
                            return 0;
                        const auto n = std::min<std::size_t>(len, static_cast<std::size_t>(bytes.size() - off));
                        std::memcpy(buf, bytes.constData() + off, n);
                        return static_cast<long>(n);
                    },
                    bytes.size());
                QCOMPARE(s.fileHasDeepQuotedFrom(), want);
            }
        }
        std::string out;
        const std::string_view in = ">From a\r\n>>>From b\nFrom c\n>x From d";
        QCOMPARE(unquoteMboxrd(in.data(), in.size(), out), std::int64_t(2));
        QCOMPARE(out, std::string("From a\r\n>>From b\nFrom c\n>x From d"));
    }

    void hugeAttachmentIsStreamed() {
        // Over the in-memory limit (96 MiB encoded): streamed from the message
        // to the pipeline; its SHA-256 must still be that of the decoded bytes.
        QTemporaryDir dir;
        QByteArray data(75 << 20, Qt::Uninitialized);
        quint32 x = 12345;
        for (char &ch : data) {
            x = x * 1103515245u + 12345u;
            ch = static_cast<char>(x >> 24);
        }
        const QString path = dir.path() + QStringLiteral("/big.eml");
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("From: a@example.com\nSubject: big\nMIME-Version: 1.0\n"
                    "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nsee attached\n"
                    "--b\nContent-Type: application/octet-stream; name=\"big.bin\"\n"
                    "Content-Transfer-Encoding: base64\n\n");
            const QByteArray b64 = data.toBase64();
            for (qsizetype i = 0; i < b64.size(); i += 76) {
                f.write(b64.mid(i, 76));
                f.write("\n");
            }
            f.write("--b--\n");
        }
        auto c = test::ingestInto({path});
        QVERIFY(c->db);
        const auto attachments = test::objectsOfKind(*c->db, "attachment");
        QCOMPARE(attachments.size(), std::size_t(1));
        QVERIFY(attr(attachments[0], "not_inspected"));
        QCOMPARE(attachments[0].size.value_or(0), qint64(data.size()));
        QCOMPARE(QString::fromStdString(attachments[0].sha256), sha256Of(data));
    }

    void hostileSizesAreBounded() {
        // One message with a 100,000-character subject, 1,500 timed Received
        // headers and 12,000 distinct links. It used to become 1,500 events
        // each carrying the whole subject (a 1.2 MB message with a 1 MB
        // subject and 2,000 hops made a 2 GB case in 3 GB of memory).
        QTemporaryDir dir;
        QByteArray m = "From: a@example.com\nTo: b@example.org\nDate: Mon, 1 Jan 2024 00:00:00 +0000\nSubject: " +
                       QByteArray(100000, 'S') + "\n";
        for (int i = 0; i < 1500; ++i) {  // topmost (newest) first, one second apart
            const int t = 7200 - i;
            m += QStringLiteral("Received: from h%1.example ([10.0.%2.%3]) by m.example with ESMTP; "
                                "Mon, 1 Jan 2024 %4:%5:%6 +0000\n")
                     .arg(i).arg(i / 256).arg(i % 256)
                     .arg(t / 3600, 2, 10, QLatin1Char('0')).arg(t % 3600 / 60, 2, 10, QLatin1Char('0'))
                     .arg(t % 60, 2, 10, QLatin1Char('0'))
                     .toLatin1();
        }
        for (int h = 0; h < 11; ++h) {  // 11,000 verdicts
            m += "Authentication-Results: mx.example;";
            for (int v = 0; v < 1000; ++v)
                m += " spf=pass smtp.mailfrom=a.example;";
            m += "\n";
        }
        m += "MIME-Version: 1.0\nContent-Type: text/html\n\n<p>";
        for (int i = 0; i < 12000; ++i)
            m += QStringLiteral("<a href=\"http://l%1.example/\">x</a>").arg(i).toLatin1();
        m += "</p>\n";
        const QString path = dir.path() + QStringLiteral("/sizes.eml");
        test::writeFile(path, m);
        auto c = test::ingestInto({path});
        QVERIFY(c->db);
        const auto emails = test::objectsOfKind(*c->db, "email");
        QCOMPARE(emails.size(), std::size_t(1));
        const auto &e = emails[0];
        QCOMPARE(text(e, "subject").size(), std::size_t(64 << 10));
        QCOMPARE(attr(e, "received_headers")->integer, qint64(1500));
        QVERIFY(attr(e, "received_hops_truncated"));
        const auto hops = jsonAttr(e, "received_hops");
        QCOMPARE(hops.size(), std::size_t(1000));
        // The 1,000 topmost headers are kept: the oldest kept hop is header
        // 999, the newest the topmost.
        QCOMPARE(hops.front().value("from_host", ""), std::string("h999.example"));
        QCOMPARE(hops.back().value("from_host", ""), std::string("h0.example"));
        const auto events = casestore::ObjectQuery(*c->db).events(e.id);
        QVERIFY(events);
        QCOMPARE(events->size(), std::size_t(1 + 1000));
        for (const auto &ev : *events)
            QVERIFY2(ev.message.size() < 2000, qPrintable(QString::number(ev.message.size())));
        QCOMPARE(jsonAttr(e, "urls").size(), std::size_t(10000));
        QCOMPARE(attr(e, "urls_total")->integer, qint64(12000));
        QVERIFY(attr(e, "urls_truncated"));
        QCOMPARE(jsonAttr(e, "auth_results").size(), std::size_t(10000));
        QCOMPARE(attr(e, "auth_results_total")->integer, qint64(11000));
    }

    void cliEmailsAndShow() {
        QTemporaryDir dir;
        const QString eml = dir.path() + QStringLiteral("/m.eml");
        test::writeFile(eml, "From: Alice <alice@example.com>\nSubject: hello\nDate: Tue, 5 Mar 2024 10:00:00 +0000\n\nhi\n");
        auto c = test::ingestInto({eml});
        QVERIFY(c->db);
        c->db.reset();
        QByteArray out;
        QCOMPARE(test::runCli({QStringLiteral("emails"), c->path, QStringLiteral("--json")}, &out), 0);
        const auto list = nlohmann::json::parse(out.toStdString());
        QCOMPARE(list.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(list[0]["from"].get<std::string>()), QStringLiteral("Alice <alice@example.com>"));
        QCOMPARE(QString::fromStdString(list[0]["date"].get<std::string>()), QStringLiteral("2024-03-05T10:00:00Z"));
        const QString id = QString::number(list[0]["id"].get<qint64>());
        QCOMPARE(test::runCli({QStringLiteral("show"), c->path, id, QStringLiteral("--json")}, &out), 0);
        const auto shown = nlohmann::json::parse(out.toStdString());
        QCOMPARE(QString::fromStdString(shown["kind"].get<std::string>()), QStringLiteral("email"));
        QCOMPARE(QString::fromStdString(shown["attributes"]["subject"].get<std::string>()), QStringLiteral("hello"));
        QVERIFY(shown["attributes"]["headers"].is_array());
        QCOMPARE(shown["events"].size(), std::size_t(1));
        QCOMPARE(test::runCli({QStringLiteral("show"), c->path, id}, &out), 0);
        QVERIFY(out.contains("subject: hello"));
        QCOMPARE(test::runCli({QStringLiteral("show"), c->path, QStringLiteral("999999")}), 2);
    }
};

QTEST_GUILESS_MAIN(TestMailParsing)
#include "tst_mail_parsing.moc"
