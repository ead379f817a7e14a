#pragma once
// A small but realistic case for the view tests and screenshots: one
// mailbox source with a tracking-pixel email (remote image, background,
// stylesheet and link pointing at a URL the test chooses), an inline cid
// image, a reply to it, an attachment with a YARA hit, 1000 formula events,
// and a file with a known 100 KiB blob. Built with CaseWriter and HitStore,
// so every expected value is known from here, not from Harrier's answers.
#include <QBuffer>
#include <QCryptographicHash>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "casestore/case_writer.h"
#include "casestore/hit_store.h"
#include "support/test_support.h"

namespace harrier::test {

struct SampleCase {
    std::unique_ptr<TempCase> tc;
    casestore::ObjectId source = 0, mbox = 0, email = 0, reply = 0, image = 0, attachment = 0, file = 0;
    QString remoteBase;  ///< e.g. http://127.0.0.1:PORT
    QByteArray fileBlob;
    std::string fileSha;
    int timelineEvents = 1000;
    static constexpr std::int64_t kBase = 1'711'324'800'000'000LL;  // 2024-03-25T00:00:00Z
    static constexpr std::int64_t kMinute = 60'000'000LL;
};

inline std::string sha256Hex(const QByteArray &b) {
    return QCryptographicHash::hash(b, QCryptographicHash::Sha256).toHex().toStdString();
}

inline QByteArray pngBytes(QColor c) {
    QImage img(24, 24, QImage::Format_RGB32);
    img.fill(c);
    QByteArray out;
    QBuffer buf(&out);
    buf.open(QIODevice::WriteOnly);
    img.save(&buf, "PNG");
    return out;
}

inline QString json(const QJsonArray &a) { return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact)); }

inline std::unique_ptr<SampleCase> buildSampleCase(const QString &remoteBase) {
    using namespace casestore;
    auto s = std::make_unique<SampleCase>();
    s->remoteBase = remoteBase;
    s->tc = makeTempCase("sample");
    auto w = CaseWriter::start(*s->tc->db);
    if (!w)
        qFatal("writer: %s", w.error().message.c_str());
    CaseWriter &wr = **w;
    s->source = wr.allocateObjectId();
    s->mbox = wr.allocateObjectId();
    s->email = wr.allocateObjectId();
    s->reply = wr.allocateObjectId();
    s->image = wr.allocateObjectId();
    s->attachment = wr.allocateObjectId();
    s->file = wr.allocateObjectId();

    auto put = [&wr](auto rec) {
        if (!wr.put(std::move(rec)).ok())
            qFatal("put failed");
    };
    ObjectRecord src;
    src.id = s->source;
    src.sourceId = s->source;
    src.kind = "source";
    src.name = "mailbox-export";
    src.path = "";
    put(src);
    SourceRecord sr;
    sr.id = s->source;
    sr.uuid = "00000000-0000-4000-8000-000000000001";
    sr.displayName = "mailbox-export.mbox";
    sr.originalPath = "/evidence/mailbox-export.mbox";
    sr.kind = "file";
    sr.addedBy = "analyst";
    sr.addedAt = UtcTime{SampleCase::kBase};
    sr.status = SourceStatus::Done;
    put(sr);

    ObjectRecord mbox;
    mbox.id = s->mbox;
    mbox.parentId = s->source;
    mbox.sourceId = s->source;
    mbox.kind = "file";
    mbox.name = "mailbox-export.mbox";
    mbox.path = "mailbox-export.mbox";
    put(mbox);

    const QString pixel = remoteBase + QStringLiteral("/t/open.gif?id=4711");
    const QString background = remoteBase + QStringLiteral("/bg.png");
    const QString css = remoteBase + QStringLiteral("/style.css");
    const QString link = remoteBase + QStringLiteral("/invoice/login");
    const QString html = QStringLiteral(
        "<html><head><link rel=\"stylesheet\" href=\"%4\"></head>"
        "<body background=\"%2\"><p>Dear customer,</p>"
        "<p>Your invoice <b>INV-2024-0311</b> is overdue. Please <a href=\"%3\">review it here</a>.</p>"
        "<p><img src=\"cid:logo@example.com\" alt=\"logo\"> ACME Billing</p>"
        "<p><img src=\"%1\" width=\"1\" height=\"1\"></p>"
        "<p><img src=\"%1&amp;big=1\"></p>"
        "<table background=\"%2\"><tr><td>Regards</td></tr></table></body></html>")
                             .arg(pixel, background, link, css);
    auto header = [](const char *n, const QString &v) {
        return QJsonObject{{QStringLiteral("name"), QString::fromUtf8(n)}, {QStringLiteral("raw"), v}, {QStringLiteral("value"), v}};
    };
    const QJsonArray headers{
        header("Return-Path", QStringLiteral("<billing@acme-invoices.example>")),
        header("Received", QStringLiteral("from mx.corp.example (mx.corp.example [10.0.0.5]) by mail.corp.example with LMTP; Mon, 25 Mar 2024 09:12:07 +0000")),
        header("Received", QStringLiteral("from sender.acme-invoices.example (unknown [203.0.113.7]) by mx.corp.example with ESMTPS; Mon, 25 Mar 2024 09:12:05 +0000")),
        header("Authentication-Results", QStringLiteral("mx.corp.example; spf=pass smtp.mailfrom=acme-invoices.example; dkim=fail header.d=acme.example; dmarc=fail header.from=acme.example")),
        header("From", QStringLiteral("ACME Billing <billing@acme.example>")),
        header("To", QStringLiteral("Alice Analyst <alice@corp.example>")),
        header("Subject", QStringLiteral("Overdue invoice INV-2024-0311")),
        header("Date", QStringLiteral("Mon, 25 Mar 2024 09:12:00 +0000")),
        header("Message-ID", QStringLiteral("<inv-0311@acme-invoices.example>")),
        header("MIME-Version", QStringLiteral("1.0")),
        header("Content-Type", QStringLiteral("multipart/related; boundary=\"b1\""))};
    const QJsonArray hops{
        QJsonObject{{QStringLiteral("hop"), 1}, {QStringLiteral("from_host"), QStringLiteral("sender.acme-invoices.example")},
                    {QStringLiteral("from_detail"), QStringLiteral("unknown [203.0.113.7]")}, {QStringLiteral("by_host"), QStringLiteral("mx.corp.example")},
                    {QStringLiteral("ip"), QStringLiteral("203.0.113.7")}, {QStringLiteral("protocol"), QStringLiteral("ESMTPS")},
                    {QStringLiteral("time"), QStringLiteral("2024-03-25T09:12:05Z")}, {QStringLiteral("delay_seconds"), QJsonValue()}},
        QJsonObject{{QStringLiteral("hop"), 2}, {QStringLiteral("from_host"), QStringLiteral("mx.corp.example")},
                    {QStringLiteral("from_detail"), QStringLiteral("mx.corp.example [10.0.0.5]")}, {QStringLiteral("by_host"), QStringLiteral("mail.corp.example")},
                    {QStringLiteral("ip"), QStringLiteral("10.0.0.5")}, {QStringLiteral("protocol"), QStringLiteral("LMTP")},
                    {QStringLiteral("time"), QStringLiteral("2024-03-25T09:12:07Z")}, {QStringLiteral("delay_seconds"), 2}}};
    auto verdict = [](const char *m, const char *r, const char *d) {
        return QJsonObject{{QStringLiteral("header"), QStringLiteral("Authentication-Results")}, {QStringLiteral("authserv_id"), QStringLiteral("mx.corp.example")},
                           {QStringLiteral("method"), QString::fromUtf8(m)}, {QStringLiteral("result"), QString::fromUtf8(r)},
                           {QStringLiteral("domain"), QString::fromUtf8(d)}};
    };
    const QJsonArray auth{verdict("spf", "pass", "acme-invoices.example"), verdict("dkim", "fail", "acme.example"),
                          verdict("dmarc", "fail", "acme.example")};
    const QJsonArray images{
        QJsonObject{{QStringLiteral("src"), QStringLiteral("cid:logo@example.com")}, {QStringLiteral("src_kind"), QStringLiteral("cid")}, {QStringLiteral("hidden"), false}},
        QJsonObject{{QStringLiteral("src"), pixel}, {QStringLiteral("src_kind"), QStringLiteral("remote")}, {QStringLiteral("hidden"), true},
                    {QStringLiteral("hidden_reason"), QStringLiteral("1x1")}},
        QJsonObject{{QStringLiteral("src"), pixel + QStringLiteral("&big=1")}, {QStringLiteral("src_kind"), QStringLiteral("remote")}, {QStringLiteral("hidden"), false}}};
    const QJsonArray urls{
        QJsonObject{{QStringLiteral("url"), link}, {QStringLiteral("origin"), QStringLiteral("href")}, {QStringLiteral("anchor_text"), QStringLiteral("review it here")}},
        QJsonObject{{QStringLiteral("url"), pixel}, {QStringLiteral("origin"), QStringLiteral("img src")}},
        QJsonObject{{QStringLiteral("url"), background}, {QStringLiteral("origin"), QStringLiteral("background")}}};

    const QByteArray raw = QByteArray("From: ACME Billing <billing@acme.example>\r\nSubject: Overdue invoice\r\n\r\n") + html.toUtf8();
    BlobRecord rawBlob{sha256Hex(raw), raw.size(), "none", std::vector<std::uint8_t>(raw.begin(), raw.end())};
    put(rawBlob);
    ObjectRecord email;
    email.id = s->email;
    email.parentId = s->mbox;
    email.sourceId = s->source;
    email.kind = "email";
    email.name = "Overdue invoice INV-2024-0311";
    email.path = "mailbox-export.mbox#1";
    email.mimeType = "message/rfc822";
    email.size = raw.size();
    email.sha256 = rawBlob.sha256;
    email.blobSha256 = rawBlob.sha256;
    auto txt = [](const char *n, const QString &v) { return Attribute::ofText(n, v.toStdString()); };
    email.attributes = {txt("headers", json(headers)),        txt("from_display", QStringLiteral("ACME Billing <billing@acme.example>")),
                        txt("subject", QStringLiteral("Overdue invoice INV-2024-0311")),
                        Attribute::ofTime("date", UtcTime{SampleCase::kBase + 9 * 60 * SampleCase::kMinute + 12 * SampleCase::kMinute}),
                        txt("date_original", QStringLiteral("Mon, 25 Mar 2024 09:12:00 +0000")),
                        txt("message_id", QStringLiteral("inv-0311@acme-invoices.example")),
                        txt("received_hops", json(hops)),     txt("auth_results", json(auth)),
                        txt("body_html", html),               txt("body_text", QStringLiteral("Dear customer,\nYour invoice INV-2024-0311 is overdue.\n")),
                        txt("urls", json(urls)),              txt("images", json(images)),
                        Attribute::ofInt("attachment_count", 2)};
    put(email);

    ObjectRecord reply;
    reply.id = s->reply;
    reply.parentId = s->mbox;
    reply.sourceId = s->source;
    reply.kind = "email";
    reply.name = "RE: Overdue invoice INV-2024-0311";
    reply.path = "mailbox-export.mbox#2";
    reply.attributes = {txt("subject", QStringLiteral("RE: Overdue invoice INV-2024-0311")),
                        txt("from_display", QStringLiteral("Alice Analyst <alice@corp.example>")),
                        txt("message_id", QStringLiteral("re-0311@corp.example")),
                        txt("in_reply_to", QStringLiteral("inv-0311@acme-invoices.example")),
                        Attribute::ofTime("date", UtcTime{SampleCase::kBase + 10 * 60 * SampleCase::kMinute})};
    put(reply);

    const QByteArray png = pngBytes(QColor(0x1e, 0x88, 0xe5));
    BlobRecord pngBlob{sha256Hex(png), png.size(), "none", std::vector<std::uint8_t>(png.begin(), png.end())};
    put(pngBlob);
    ObjectRecord image;
    image.id = s->image;
    image.parentId = s->email;
    image.sourceId = s->source;
    image.kind = "attachment";
    image.name = "logo.png";
    image.path = "mailbox-export.mbox#1/logo.png";
    image.mimeType = "image/png";
    image.size = png.size();
    image.sha256 = pngBlob.sha256;
    image.md5 = QCryptographicHash::hash(png, QCryptographicHash::Md5).toHex().toStdString();
    image.blobSha256 = pngBlob.sha256;
    image.attributes = {txt("filename", QStringLiteral("logo.png")), txt("content_id", QStringLiteral("logo@example.com")),
                        txt("declared_type", QStringLiteral("image/png")), txt("disposition", QStringLiteral("inline"))};
    put(image);

    const QByteArray docm = QByteArray("PK\x03\x04 fake docm with AutoOpen macro Shell(\"powershell -enc\")", 60);
    BlobRecord docBlob{sha256Hex(docm), docm.size(), "none", std::vector<std::uint8_t>(docm.begin(), docm.end())};
    put(docBlob);
    ObjectRecord att;
    att.id = s->attachment;
    att.parentId = s->email;
    att.sourceId = s->source;
    att.kind = "attachment";
    att.name = "INV-2024-0311.docm";
    att.path = "mailbox-export.mbox#1/INV-2024-0311.docm";
    att.mimeType = "application/vnd.ms-word.document.macroEnabled.12";
    att.size = docm.size();
    att.sha256 = docBlob.sha256;
    att.md5 = QCryptographicHash::hash(docm, QCryptographicHash::Md5).toHex().toStdString();
    att.blobSha256 = docBlob.sha256;
    att.attributes = {txt("filename", QStringLiteral("INV-2024-0311.docm")), txt("declared_type", QStringLiteral("application/octet-stream")),
                      txt("disposition", QStringLiteral("attachment"))};
    put(att);

    // A known 100 KiB blob: byte i is (i * 7 + i / 256) & 0xff, with text at the start.
    QByteArray fileBytes(100 * 1024, '\0');
    for (int i = 0; i < fileBytes.size(); ++i)
        fileBytes[i] = static_cast<char>((i * 7 + i / 256) & 0xff);
    const QByteArray head("<?php eval($_POST['cmd']); ?>\n");
    fileBytes.replace(0, head.size(), head);
    s->fileBlob = fileBytes;
    s->fileSha = sha256Hex(fileBytes);
    put(BlobRecord{s->fileSha, fileBytes.size(), "none", std::vector<std::uint8_t>(fileBytes.begin(), fileBytes.end())});
    ObjectRecord file;
    file.id = s->file;
    file.parentId = s->mbox;
    file.sourceId = s->source;
    file.kind = "file";
    file.name = "shell.php";
    file.path = "mailbox-export.mbox/shell.php";
    file.size = fileBytes.size();
    file.sha256 = s->fileSha;
    file.blobSha256 = s->fileSha;
    file.mimeType = "text/x-php";
    file.fileType = "PHP script, ASCII text";
    file.attributes = {Attribute::ofTime("modified", UtcTime{SampleCase::kBase + 500 * SampleCase::kMinute})};
    put(file);

    // Event i: one per minute; host WS(i%4); type a/b by parity; item email/file alternately.
    for (int i = 0; i < s->timelineEvents; ++i) {
        EventRecord e;
        e.time = UtcTime{SampleCase::kBase + i * SampleCase::kMinute};
        e.timestampDesc = i % 3 ? "File Modified" : "File Created";
        e.eventType = i % 2 ? "fs:file" : "log:syslog";
        e.sourceId = s->source;
        e.objectId = i % 2 ? s->file : s->mbox;
        e.host = "WS" + std::to_string(i % 4);
        e.user = i % 5 == 0 ? "alice" : "";
        e.message = "event " + std::to_string(i) + " word" + std::to_string(i % 10) +
                    (i % 100 == 0 ? " beacon to evil.example.com" : "");
        put(e);
    }
    if (!wr.close().ok())
        qFatal("close failed");

    HitStore hits(*s->tc->db);
    HitRecord tracking;
    tracking.objectId = s->email;
    tracking.ruleId = "tracking_pixel";
    tracking.severity = 40;
    tracking.explanation = "1x1 remote image " + pixel.toStdString();
    tracking.detailsJson = QJsonDocument(QJsonObject{{QStringLiteral("url"), pixel}}).toJson(QJsonDocument::Compact).toStdString();
    if (!hits.replace("analyzer:tracking", "v1", {tracking}).ok())
        qFatal("hits");
    HitRecord yara;
    yara.objectId = s->attachment;
    yara.ruleId = "office:Macro_AutoOpen_Shell";
    yara.severity = 80;
    yara.explanation = "YARA rule Macro_AutoOpen_Shell matched: AutoOpen macro starting a shell";
    yara.detailsJson = R"({"engine":"yara","strings":[{"id":"$auto","offset":20,"length":8,"data":"AutoOpen","context":"docm with AutoOpen macro"},)"
                       R"({"id":"$shell","offset":35,"length":5,"data":"Shell","context":"macro Shell(\"powershell"}]})";
    HitRecord web;
    web.objectId = s->file;
    web.ruleId = "webshell:PHP_Eval_Post";
    web.severity = 90;
    web.explanation = "YARA rule PHP_Eval_Post matched: eval of POST data";
    web.detailsJson = R"({"engine":"yara","strings":[{"id":"$eval","offset":6,"length":11,"data":"eval($_POST","context":"<?php eval($_POST['cmd']); ?>"}]})";
    if (!hits.replace("yara", "pack-1", {yara, web}).ok())
        qFatal("hits");
    return s;
}

}  // namespace harrier::test
