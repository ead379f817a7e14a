#pragma once
/// A small case with mailbox and endpoint evidence, built through the real
/// harrier-cli from files the test writes: an .eml with a remote 1x1 image
/// (a tracking pixel) and a link, an IIS log with a web-shell request, a
/// tiny YARA rule (under a signature-base/ folder, so the report must
/// attribute DRL 1.1), a real `scan`, and an analyzer hit stored through
/// HitStore the way a built-in analyzer would.

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include "casestore/case_db.h"
#include "casestore/hit_store.h"
#include "support/test_support.h"

namespace harrier::test {

struct FixtureCase {
    QString casePath;
    QString emlPath, logPath;
    qint64 emailId = 0;
    qint64 logId = 0;
    QString trackerUrl = QStringLiteral("http://tracker.evil-example.net/p.gif?id=4471");
    QString yaraExplanation = QStringLiteral("Web shell command execution in an IIS request");
    QString pixelExplanation = QStringLiteral("Remote 1x1 image in an HTML email (tracking pixel): opening the "
                                              "message tells the sender it was read");
};

inline QByteArray trackingEml() {
    return QByteArrayLiteral(
        "From: Billing Department <billing@invoices-example.com>\r\n"
        "To: Alice Example <alice@victim-example.org>\r\n"
        "Subject: Invoice 4471 overdue\r\n"
        "Date: Mon, 25 Mar 2024 09:14:00 +0000\r\n"
        "Message-ID: <4471@invoices-example.com>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        "\r\n"
        "<html><body><p>Your invoice is overdue. <a href=\"https://pay.evil-example.net/login\">Pay now</a></p>\r\n"
        "<img src=\"http://tracker.evil-example.net/p.gif?id=4471\" width=\"1\" height=\"1\">\r\n"
        "</body></html>\r\n");
}

/// An IIS W3C log; line `shellLine` holds the web-shell request.
inline QByteArray iisLog(int lines, int shellLine) {
    QByteArray out = "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n"
                     "#Date: 2024-03-25 10:00:00\r\n"
                     "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
                     "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";
    for (int i = 0; i < lines; ++i) {
        const int minute = i / 60, second = i % 60;
        const QByteArray t = QStringLiteral("2024-03-25 %1:%2:%3")
                                 .arg(10 + minute / 60, 2, 10, QLatin1Char('0'))
                                 .arg(minute % 60, 2, 10, QLatin1Char('0'))
                                 .arg(second, 2, 10, QLatin1Char('0'))
                                 .toLatin1();
        if (i == shellLine)
            out += t + " 10.0.0.5 GET /aspnet_client/shell.aspx cmd=cmd.exe+/c+whoami 443 - 203.0.113.7 "
                       "curl/8.0 - 200 0 0 31\r\n";
        else
            out += t + " 10.0.0.5 GET /owa/auth/logon.aspx - 443 - 198.51.100." + QByteArray::number(i % 200 + 1) +
                   " Mozilla/5.0 - 200 0 0 15\r\n";
    }
    return out;
}

inline QJsonArray cliJsonArray(const QStringList &args) {
    QByteArray out;
    if (runCli(args, &out) != 0)
        return {};
    return QJsonDocument::fromJson(out).array();
}

/// Builds the case in dir; analyst is its creator. Fails the test on error.
inline bool buildFixtureCase(const QString &dir, const QString &analyst, FixtureCase &fx, int logLines = 40) {
    fx.casePath = dir + QStringLiteral("/op-harrier.hcase");
    fx.emlPath = dir + QStringLiteral("/evidence/mail/invoice-4471.eml");
    fx.logPath = dir + QStringLiteral("/evidence/iis/u_ex240325.log");
    writeFile(fx.emlPath, trackingEml());
    writeFile(fx.logPath, iisLog(logLines, logLines / 2));
    writeFile(dir + QStringLiteral("/rules/signature-base/yara/webshell_test.yar"),
              "rule Harrier_Test_Webshell_Cmd {\n"
              "  meta:\n"
              "    description = \"Web shell command execution in an IIS request\"\n"
              "    author = \"Harrier tests\"\n"
              "    score = 85\n"
              "  strings:\n"
              "    $a = \"shell.aspx cmd=cmd.exe\"\n"
              "  condition:\n"
              "    $a\n"
              "}\n");
    QByteArray out, err;
    if (runCli({"case", "new", fx.casePath, "--name", "Operation Harrier", "--analyst", analyst}, &out, &err) != 0) {
        qWarning("case new: %s", err.constData());
        return false;
    }
    // Two sources: the mailbox export and the endpoint's IIS log.
    for (const QString &p : {fx.emlPath, fx.logPath})
        if (runCli({"ingest", fx.casePath, p, "--quiet", "--analyst", analyst}, &out, &err) != 0) {
            qWarning("ingest %s: %s", qPrintable(p), err.constData());
            return false;
        }
    // YARA only: the fixture stores its analyzer hit itself (below), with known text.
    if (runCli({"scan", fx.casePath, "--yara", dir + QStringLiteral("/rules/signature-base/yara"), "--no-cache",
                "--no-analyzers", "--quiet", "--analyst", analyst},
               &out, &err) != 0) {
        qWarning("scan: %s %s", out.constData(), err.constData());
        return false;
    }
    const QJsonArray emails = cliJsonArray({"emails", fx.casePath, "--json"});
    if (emails.size() != 1)
        return false;
    fx.emailId = emails[0].toObject()["id"].toInteger();
    QByteArray hits;
    runCli({"hits", fx.casePath, "--json"}, &hits);
    const auto hitList = QJsonDocument::fromJson(hits).object()["hits"].toArray();
    if (hitList.size() != 1) {
        qWarning("expected one YARA hit: %s", hits.constData());
        return false;
    }
    fx.logId = hitList[0].toObject()["object_id"].toInteger();

    // The tracking-pixel analyzer's hit, stored as an analyzer would store it.
    auto db = casestore::CaseDb::open(fx.casePath.toStdString(), casestore::OpenMode::ReadWrite);
    if (!db)
        return false;
    casestore::HitRecord h;
    h.objectId = fx.emailId;
    h.ruleId = "tracking_pixel";
    h.severity = 60;
    h.explanation = fx.pixelExplanation.toStdString();
    h.detailsJson = QStringLiteral("{\"url\":\"%1\",\"width\":1,\"height\":1}").arg(fx.trackerUrl).toStdString();
    return casestore::HitStore(**db).replace("analyzer:tracking_pixel", "builtin-1", {h}).ok();
}

}  // namespace harrier::test
