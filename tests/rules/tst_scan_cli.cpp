// harrier-cli scan / hits on cases the test builds: re-scan without the
// evidence, pack versions kept apart, limits and skips recorded.
#include <QtTest>

#include <nlohmann/json.hpp>

#include "support/test_support.h"

using namespace harrier;

namespace {

nlohmann::json cliJson(const QStringList &args, int expectRc = 0) {
    QByteArray out, err;
    const int rc = test::runCli(args, &out, &err);
    if (rc != expectRc)
        qWarning("%s", err.constData());
    return rc == expectRc ? nlohmann::json::parse(out.toStdString(), nullptr, false) : nlohmann::json();
}

}  // namespace

class TestScanCli : public QObject {
    Q_OBJECT
private slots:
    void rescanWithoutEvidenceAndVersionsKeptApart() {
        QTemporaryDir tmp;
        const QString ev = tmp.path() + "/evidence";
        QDir().mkpath(ev + "/www");
        test::writeFile(ev + "/www/a.php", "<?php eval($_POST['x']); ?>");
        test::writeFile(ev + "/www/b.txt", "nothing to see");
        test::writeFile(ev + "/big.bin", QByteArray(5000, 'e'));
        const QString rules = tmp.path() + "/r1.yar";
        test::writeFile(rules, "rule eval_post { meta: score = 80 strings: $a = \"eval($_POST\" condition: $a }\n"
                               "rule any_e { condition: uint8(0) == 0x65 }\n");
        const QString casePath = tmp.path() + "/c.hcase";
        QCOMPARE(test::runCli({"case", "new", casePath, "--name", "t"}), 0);
        QCOMPARE(test::runCli({"ingest", casePath, ev, "--quiet"}), 0);
        // The evidence is gone: content must come from the case.
        QVERIFY(QDir(ev).removeRecursively());
        auto j = cliJson({"scan", casePath, "--yara", rules, "--json", "--max-size", "1000", "--skip", "*.txt",
                          "--cache-dir", tmp.path() + "/cache", "--no-analyzers"});
        QVERIFY(j.is_object());
        const auto &s = j.at("yara").at("scan");
        QCOMPARE(s.at("items").get<int>(), 3);
        QCOMPARE(s.at("scanned").get<int>(), 1);
        QCOMPARE(s.at("skipped").get<int>(), 1);
        QCOMPARE(s.at("too_large").get<int>(), 1);
        QCOMPARE(s.at("hits").get<int>(), 1);
        QCOMPARE(s.at("issues").size(), std::size_t(2));

        // Same pack again: replaced, not duplicated.
        cliJson({"scan", casePath, "--yara", rules, "--json", "--no-cache", "--no-analyzers"});
        auto h = cliJson({"hits", casePath, "--json"});
        QCOMPARE(h.at("hits").size(), std::size_t(2));  // all items scanned now: a.php + big.bin
        const std::string firstHash = h.at("hits")[0].at("rule_set_hash");

        // New version of the pack: the old hits stay, but apart.
        test::writeFile(rules, "rule eval_post { strings: $a = \"eval(\" condition: $a }\n");
        cliJson({"scan", casePath, "--yara", rules, "--json", "--no-cache", "--no-analyzers"});
        h = cliJson({"hits", casePath, "--json"});
        QCOMPARE(h.at("hits").size(), std::size_t(1));
        QVERIFY(h.at("hits")[0].at("rule_set_hash") != firstHash);
        QCOMPARE(h.at("rule_set_versions").size(), std::size_t(2));
        h = cliJson({"hits", casePath, "--json", "--all-versions"});
        QCOMPARE(h.at("hits").size(), std::size_t(3));
        const auto &hit = h.at("hits")[0].at("details");
        QVERIFY(hit.contains("strings") && hit.contains("meta") && hit.contains("rule_pack_hash"));

        QByteArray csv;
        QCOMPARE(test::runCli({"hits", casePath, "--csv"}, &csv), 0);
        QCOMPARE(csv.count('\n'), 2);  // header + 1 latest hit
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no rules, no analyzers") << QStringList{"scan", "x.hcase", "--no-analyzers"};
        QTest::newRow("unknown analyzer") << QStringList{"scan", "x.hcase", "--no-analyzer", "harrier.nope"};
        QTest::newRow("bad threads") << QStringList{"scan", "x.hcase", "--yara", "r", "--threads", "0"};
        QTest::newRow("hits no case") << QStringList{"hits"};
    }
    void usageErrors() {
        QFETCH(QStringList, args);
        QTemporaryDir tmp;
        const QString casePath = tmp.path() + "/x.hcase";
        QCOMPARE(test::runCli({"case", "new", casePath, "--name", "t"}), 0);
        for (auto &a : args)
            if (a == "x.hcase")
                a = casePath;
        QCOMPARE(test::runCli(args), 2);
    }
};

QTEST_GUILESS_MAIN(TestScanCli)
#include "tst_scan_cli.moc"
