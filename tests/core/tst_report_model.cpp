// The report model: defanging, severity bands, license detection, and what
// ReportBuilder gathers from a case with mailbox and endpoint evidence.
#include <QtTest>

#include <sstream>

#include "casestore/case_db.h"
#include "casestore/case_overview.h"
#include "report/defang.h"
#include "report/findings_export.h"
#include "report/report_builder.h"
#include "report/rule_pack_license.h"
#include "support/case_fixture.h"

namespace rp = harrier::report;
namespace cs = harrier::casestore;

class TestReportModel : public QObject {
    Q_OBJECT
private slots:
    void defang_data() {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("http") << "http://evil.example/a.b/c?x=1.2" << "hxxp[://]evil[.]example/a.b/c?x=1.2";
        QTest::newRow("https upper") << "HTTPS://Evil.Example" << "hxxps[://]Evil[.]Example";
        QTest::newRow("ftp") << "ftp://files.example/x" << "fxp[://]files[.]example/x";
        QTest::newRow("domain") << "evil.example.net" << "evil[.]example[.]net";
        QTest::newRow("ipv4") << "203.0.113.7" << "203[.]0[.]113[.]7";
        QTest::newRow("email") << "bill@invoices.example" << "bill[@]invoices[.]example";
        QTest::newRow("sha256 untouched") << QString(64, QLatin1Char('a')) << QString(64, QLatin1Char('a'));
        QTest::newRow("host with port") << "http://1.2.3.4:8080/p" << "hxxp[://]1[.]2[.]3[.]4:8080/p";
    }
    void defang() {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(QString::fromStdString(rp::defang(in.toStdString())), out);
    }

    void defangText() {
        QCOMPARE(QString::fromStdString(rp::defangText(
                     "From Bill <bill@evil.example> via http://a.b.example/x.php, 10.1.2.3 and logon.aspx 5.0.")),
                 QStringLiteral("From Bill <bill[@]evil[.]example> via hxxp[://]a[.]b[.]example/x.php, 10[.]1[.]2[.]3 "
                                "and logon.aspx 5.0."));
        QCOMPARE(QString::fromStdString(rp::defangText("block tracker.evil-example.net.")),
                 QStringLiteral("block tracker[.]evil-example[.]net."));
    }

    void severityBands() {
        QVERIFY(rp::bandOf(100) == rp::SeverityBand::Critical);
        QVERIFY(rp::bandOf(90) == rp::SeverityBand::Critical);
        QVERIFY(rp::bandOf(89) == rp::SeverityBand::High);
        QVERIFY(rp::bandOf(75) == rp::SeverityBand::High);
        QVERIFY(rp::bandOf(60) == rp::SeverityBand::Medium);
        QVERIFY(rp::bandOf(70) == rp::SeverityBand::High);
        QVERIFY(rp::bandOf(69) == rp::SeverityBand::Medium);
        QVERIFY(rp::bandOf(40) == rp::SeverityBand::Medium);
        QVERIFY(rp::bandOf(39) == rp::SeverityBand::Low);
        QVERIFY(rp::bandOf(20) == rp::SeverityBand::Low);
        QVERIFY(rp::bandOf(19) == rp::SeverityBand::Info);
        QVERIFY(rp::bandOf(0) == rp::SeverityBand::Info);
        QCOMPARE(rp::kSeverityBands.size(), 5u);
    }

    void licenseDetection() {
        auto sb = rp::detectPackLicense({"/opt/rules/signature-base/yara/apt_x.yar"}, {});
        QVERIFY(QString::fromStdString(sb.license).contains("DRL) 1.1"));
        QVERIFY(QString::fromStdString(sb.attribution).contains("Florian Roth"));
        auto meta = rp::detectPackLicense({"/r/x.yar"}, {{{"license", "Detection Rule License 1.1 https://..."},
                                                          {"author", "Someone"}}});
        QVERIFY(QString::fromStdString(meta.attribution).contains("Someone"));
        auto none = rp::detectPackLicense({"/r/mine.yar"}, {{{"author", "me"}}});
        QVERIFY(none.license.empty() && none.attribution.empty());
    }

    void builderGathersEverySection() {
        QTemporaryDir dir;
        harrier::test::FixtureCase fx;
        QVERIFY(harrier::test::buildFixtureCase(dir.path(), QStringLiteral("alice"), fx));
        QCOMPARE(harrier::test::runCli({"annotate", fx.casePath, QString::number(fx.emailId), "--verdict",
                                        "malicious", "--note", "Pixel beacons to tracker", "--bookmark", "--analyst",
                                        "alice"}),
                 0);
        auto db = cs::CaseDb::open(fx.casePath.toStdString(), cs::OpenMode::ReadOnly);
        QVERIFY(db);
        rp::ReportOptions o;
        o.marking = "TLP:RED";
        o.analyst = "alice";
        auto r = rp::ReportBuilder(**db).build(o);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(QString::fromStdString(r->caseSha256), harrier::test::sha256sum(fx.casePath));
        QCOMPARE(r->summary.evidence, 2u);
        QCOMPARE(r->summary.emails, 1u);
        QCOMPARE(r->summary.hits, 2u);
        QCOMPARE(r->summary.verdicts["malicious"], 1u);
        QCOMPARE(r->evidence.size(), 2u);
        QCOMPARE(QString::fromStdString(r->evidence[0].sha256), harrier::test::sha256sum(fx.emlPath));
        QCOMPARE(QString::fromStdString(r->evidence[1].sha256), harrier::test::sha256sum(fx.logPath));

        // High (YARA score 85) before Medium (analyzer 60).
        QCOMPARE(r->findings.size(), 2u);
        QVERIFY(r->findings[0].band == rp::SeverityBand::High);
        QVERIFY(r->findings[1].band == rp::SeverityBand::Medium);
        // The dashboard's overview bands the same hits the same way (one definition, base/severity.h).
        auto overview = cs::CaseOverview(**db).hits();
        QVERIFY(overview);
        QCOMPARE(overview->total, 2u);
        QCOMPARE(overview->bySeverity[static_cast<std::size_t>(rp::SeverityBand::High)], 1u);
        QCOMPARE(overview->bySeverity[static_cast<std::size_t>(rp::SeverityBand::Medium)], 1u);
        for (auto band : rp::kSeverityBands)
            QCOMPARE(overview->bySeverity[static_cast<std::size_t>(band)], r->summary.hitsByBand[band]);
        const auto &pixel = r->findings[1].findings.at(0);
        QCOMPARE(QString::fromStdString(pixel.explanation), fx.pixelExplanation);
        const auto &item = pixel.items.at(0);
        QVERIFY(item.email);
        QCOMPARE(QString::fromStdString(item.emailSubject), QStringLiteral("Invoice 4471 overdue"));
        QVERIFY(item.emailDate && item.emailDate->toIso8601().rfind("2024-03-25T09:14:00", 0) == 0);
        QCOMPARE(QString::fromStdString(item.flaggedUrl),
                 QStringLiteral("hxxp[://]tracker[.]evil-example[.]net/p.gif?id=4471"));
        QVERIFY(QString::fromStdString(item.emailFrom).contains("billing[@]invoices-example[.]com"));
        QCOMPARE(item.verdicts.size(), 1u);

        // No indicator anywhere in a clickable form.
        for (const auto &i : r->iocs) {
            QVERIFY2(i.defanged.find("http://") == std::string::npos, i.defanged.c_str());
            if (i.kind == "url" || i.kind == "email" || i.kind == "domain")
                QVERIFY2(i.defanged.find("[.]") != std::string::npos, i.defanged.c_str());
        }
        QVERIFY(std::any_of(r->iocs.begin(), r->iocs.end(), [&](const rp::Indicator &i) {
            return QString::fromStdString(i.value) == harrier::test::sha256sum(fx.logPath);
        }));

        QCOMPARE(r->notes.size(), 1u);
        QVERIFY(std::any_of(r->timeline.begin(), r->timeline.end(), [](const rp::TimelineEntry &e) { return e.kind == "bookmark"; }));
        QCOMPARE(std::count_if(r->timeline.begin(), r->timeline.end(), [](const rp::TimelineEntry &e) { return e.kind == "hit"; }), 2);
        for (std::size_t i = 1; i < r->timeline.size(); ++i)
            QVERIFY(!r->timeline[i].time || (r->timeline[i - 1].time && r->timeline[i - 1].time->micros <= r->timeline[i].time->micros));
        QVERIFY(!r->activity.buckets.empty());

        QCOMPARE(r->rulePacks.size(), 2u);
        const auto yara = std::find_if(r->rulePacks.begin(), r->rulePacks.end(), [](const rp::RulePackEntry &p) {
            return p.name.rfind("yara", 0) == 0;
        });
        QVERIFY(yara != r->rulePacks.end());
        QCOMPARE(yara->rules.value_or(-1), 1);
        QVERIFY(QString::fromStdString(yara->license).contains("DRL"));

        std::ostringstream csv, jsonl, ts;
        QCOMPARE(*rp::exportFindings(*r, rp::FindingsFormat::Csv, csv), 2u);
        QCOMPARE(*rp::exportFindings(*r, rp::FindingsFormat::Jsonl, jsonl), 2u);
        QCOMPARE(*rp::exportFindings(*r, rp::FindingsFormat::Timesketch, ts), 2u);
        QVERIFY(QString::fromStdString(csv.str()).startsWith("severity,band,detector"));
        QVERIFY(QString::fromStdString(jsonl.str()).contains(fx.yaraExplanation));
        QVERIFY(QString::fromStdString(ts.str()).contains("\"timestamp_desc\":\"Email Date\""));
        QVERIFY(!QString::fromStdString(jsonl.str()).contains("http://tracker"));
        QByteArray cliOut;
        QCOMPARE(harrier::test::runCli({"findings", fx.casePath, "--format", "csv"}, &cliOut), 0);
        QCOMPARE(cliOut.count('\n'), 3);
    }
};

QTEST_GUILESS_MAIN(TestReportModel)
#include "tst_report_model.moc"
