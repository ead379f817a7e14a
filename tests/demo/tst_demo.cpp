// The demo scenario: the generator is deterministic and writes what its
// parameters say (checked with independent tools: python's mailbox module,
// bsdtar), and `harrier-cli demo` finds in it what was planted: every
// campaign token, the webshell, its POSTs, the click, the persistence task.
#include <QtTest>

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "demo/demo_scenario.h"
#include "support/test_support.h"

using namespace harrier;
using nlohmann::json;

namespace {

// The defaults the README's demo uses; changing them must be deliberate.
constexpr int kOrdinary = 240, kCampaign = 60, kPosts = 42;

QString tool(const QString &program, const QStringList &args) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(120000) || p.exitCode() != 0)
        return {};
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

json cliJson(const QStringList &args) {
    QByteArray out, err;
    const int rc = test::runCli(args, &out, &err);
    if (rc != 0) {
        qWarning("harrier-cli %s: %s", qPrintable(args.join(' ')), err.constData());
        return {};
    }
    return json::parse(out.toStdString(), nullptr, false);
}

std::string attr(const json &shown, const char *name) {
    const auto it = shown.find("attributes");
    if (it == shown.end() || !it->contains(name))
        return {};
    const json &v = it->at(name);
    return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace

class TestDemo : public QObject {
    Q_OBJECT
private slots:
    void generatorIsDeterministicAndMatchesItsParameters() {
        QTemporaryDir a, b;
        auto fa = demo::generateScenario(a.path().toStdString());
        auto fb = demo::generateScenario(b.path().toStdString());
        QVERIFY2(fa.ok(), fa.ok() ? "" : fa.error().message.c_str());
        QVERIFY(fb.ok());
        QCOMPARE(test::sha256sum(QString::fromStdString(fa->mboxPath.string())),
                 test::sha256sum(QString::fromStdString(fb->mboxPath.string())));
        QCOMPARE(test::sha256sum(QString::fromStdString(fa->collectionPath.string())),
                 test::sha256sum(QString::fromStdString(fb->collectionPath.string())));

        QCOMPARE(fa->ordinaryMessages, kOrdinary);
        QCOMPARE(int(fa->campaign.size()), kCampaign);
        QCOMPARE(fa->messages, kOrdinary + kCampaign);
        QCOMPARE(fa->webshellPosts, kPosts);
        QVERIFY(fa->attachments > 0 && fa->replies > 0);
        // python's mailbox module as the independent count of the mbox.
        const QString py = tool("python3", {"-c", "import mailbox,sys; print(len(mailbox.mbox(sys.argv[1])))",
                                            QString::fromStdString(fa->mboxPath.string())});
        QCOMPARE(py.toInt(), kOrdinary + kCampaign);
        // bsdtar lists the collection: every upload plus the collector's metadata.
        const QStringList entries = tool("bsdtar", {"-tf", QString::fromStdString(fa->collectionPath.string())})
                                        .split('\n', Qt::SkipEmptyParts);
        QCOMPARE(entries.filter(QRegularExpression("^uploads/auto/C%3A/")).size(), fa->uploads);
        for (const char *meta : {"uploads.json", "collection_context.json", "client_info.json"})
            QVERIFY2(entries.contains(meta), meta);

        // Tokens: one per recipient, each decoding to its recipient's address.
        std::set<std::string> recipients;
        std::map<demo::TokenEncoding, int> encodings;
        for (const auto &c : fa->campaign) {
            recipients.insert(c.recipient);
            ++encodings[c.encoding];
            const QByteArray token = QByteArray::fromStdString(c.token);
            const QByteArray decoded = c.encoding == demo::TokenEncoding::Base64 ? QByteArray::fromBase64(token)
                                       : c.encoding == demo::TokenEncoding::UrlEncoded
                                           ? QByteArray::fromPercentEncoding(token)
                                           : token;
            QCOMPARE(decoded.toStdString(), c.recipient);
            QVERIFY(c.pixelUrl.ends_with(c.token) && c.linkUrl.ends_with(c.token));
        }
        QCOMPARE(int(recipients.size()), kCampaign);
        QCOMPARE(encodings[demo::TokenEncoding::Plain], kCampaign / 3);
        QCOMPARE(encodings[demo::TokenEncoding::Base64], kCampaign / 3);
        QVERIFY(!fa->clickedUrl.empty());
    }

    void demoCommandFindsWhatWasPlanted() {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + "/demo";
        QByteArray out, err;
        const int rc = test::runCli({"demo", dir}, &out, &err, 600000);
        QVERIFY2(rc == 0, (out + err).constData());
        QVERIFY(out.contains("Demo ready."));
        const QString casePath = dir + "/demo.hcase";

        // The facts as the generator wrote them (same seed, same bytes: checked above).
        QFile f(dir + "/demo-scenario.json");
        QVERIFY(f.open(QIODevice::ReadOnly));
        const json facts = json::parse(f.readAll().toStdString());
        const json &mail = facts.at("mailbox");
        const json &host = facts.at("endpoint");
        QCOMPARE(mail.at("messages").get<int>(), kOrdinary + kCampaign);

        // Every message of the mbox is an email in the case.
        const json emails = cliJson({"emails", casePath, "--json"});
        QVERIFY(emails.is_array());
        QCOMPARE(int(emails.size()), kOrdinary + kCampaign);

        // Each campaign message: its remote image carries that recipient's token,
        // and it is hidden (1x1 or CSS) as written.
        std::map<std::string, json> byMessageId;
        for (const auto &c : mail.at("campaign"))
            byMessageId[c.at("message_id").get<std::string>()] = c;
        std::set<std::int64_t> campaignIds;
        for (const auto &e : emails) {
            const std::string from = e.at("from").get<std::string>();
            if (from.find("worldaffairs-digest.example") == std::string::npos &&
                from.find("eurasia-briefing.example") == std::string::npos)
                continue;
            const json shown = cliJson({"show", casePath, QString::number(e.at("id").get<std::int64_t>()), "--json"});
            std::string mid = attr(shown, "message_id");
            if (mid.size() > 2 && mid.front() == '<')
                mid = mid.substr(1, mid.size() - 2);
            QVERIFY2(byMessageId.count(mid), mid.c_str());
            const json &planted = byMessageId[mid];
            const json images = json::parse(attr(shown, "images"), nullptr, false);
            bool found = false;
            for (const auto &img : images)
                if (img.value("src", "") == planted.at("pixel_url").get<std::string>())
                    found = img.value("hidden", false);
            QVERIFY2(found, ("pixel with token not found hidden in " + mid).c_str());
            campaignIds.insert(e.at("id").get<std::int64_t>());
        }
        QCOMPARE(int(campaignIds.size()), kCampaign);

        // Hits: the webshell by our YARA rule (one file), the task, and the
        // campaign domains by the IOC list on every campaign message.
        const json hits = cliJson({"hits", casePath, "--json"});
        QVERIFY(hits.is_object());
        int shell = 0, task = 0;
        std::set<std::int64_t> iocEmails;
        for (const auto &h : hits.at("hits")) {
            const std::string rule = h.at("rule_id").get<std::string>();
            const std::int64_t id = h.at("object_id").get<std::int64_t>();
            if (rule.ends_with("Harrier_ASPX_Request_Eval_Webshell")) {
                ++shell;
                const json o = cliJson({"show", casePath, QString::number(id), "--json"});
                QCOMPARE(attr(o, "original_path"), host.at("webshell_path").get<std::string>());
                QCOMPARE(o.value("sha256", ""), host.at("webshell_sha256").get<std::string>());
            }
            if (rule.ends_with("Harrier_Scheduled_Task_Hidden_Encoded_PowerShell"))
                ++task;
            if (h.at("rule_set") == "ioc" && campaignIds.count(id))
                iocEmails.insert(id);
        }
        QCOMPARE(shell, 1);
        QCOMPARE(task, 1);
        QCOMPARE(int(iocEmails.size()), kCampaign);

        // IIS: the POSTs to the webshell, per client, as written into the logs.
        QCOMPARE(test::runCli({"timeline", casePath, "--type", "log:iis", "--format", "jsonl", "--out",
                               tmp.path() + "/iis.jsonl"}),
                 0);
        QFile iis(tmp.path() + "/iis.jsonl");
        QVERIFY(iis.open(QIODevice::ReadOnly));
        std::map<std::string, int> posts;
        int requests = 0;
        const std::string shellPost = " POST " + host.at("webshell_uri").get<std::string>() + " ";
        for (const QByteArray &line : iis.readAll().split('\n')) {
            if (line.isEmpty())
                continue;
            ++requests;
            const json ev = json::parse(line.toStdString());
            const std::string msg = ev.at("message").get<std::string>();
            if (msg.find(shellPost) != std::string::npos)
                ++posts[msg.substr(0, msg.find(' '))];
            QCOMPARE(ev.value("host", ""), host.at("hostname").get<std::string>());
        }
        QCOMPARE(requests, host.at("iis_requests").get<int>());
        QCOMPARE(json(posts), host.at("webshell_posts_by_ip"));

        // The administrator's click on his own campaign link, from Chrome's History.
        QByteArray tl;
        QCOMPARE(test::runCli({"timeline", casePath, "--search", "worldaffairs", "--format", "jsonl"}, &tl), 0);
        int clicks = 0;
        for (const QByteArray &line : tl.split('\n'))
            if (!line.isEmpty() && json::parse(line.toStdString()).at("message").get<std::string>().find(
                                       host.at("clicked_url").get<std::string>()) != std::string::npos &&
                json::parse(line.toStdString()).at("event_type").get<std::string>().starts_with("browser:chrome"))
                ++clicks;
        QCOMPARE(clicks, 1);
    }

    void demoWritesThePdfSummary() {
        QByteArray err;
        if (test::runCli({"report"}, nullptr, &err) == 2 && err.contains("unknown command"))
            QSKIP("this build has no `report` command yet (branch report); demo-summary.pdf is not written");
        QTemporaryDir tmp;
        QCOMPARE(test::runCli({"demo", tmp.path()}, nullptr, nullptr, 600000), 0);
        QFile pdf(tmp.path() + "/demo-summary.pdf");
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
