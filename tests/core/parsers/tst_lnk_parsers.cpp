// Shell links and jump lists against independent answers: example.lnk's
// values are plaso's documented test expectations (tests/parsers/winlnk.py,
// also checked with xxd: creation FILETIME 0x01CA0411B4D8042E at 0x1C, size
// 0x85000 at 0x34); a jump list's entry count is the number of 20-byte
// LNK header+CLSID signatures in the raw file, counted by the test itself.
#include <QFile>
#include <QtTest>

#include "collecting_sink.h"
#include "parsers/lnk/jump_list_parser.h"
#include "parsers/lnk/lnk_parser.h"
#include "support/test_support.h"

using namespace harrier;
using harrier::test::CollectingSink;

namespace {
int countLnkHeaders(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray data = f.readAll();
    const QByteArray header = QByteArray::fromHex("4c0000000114020000000000c000000000000046");
    int n = 0;
    for (qsizetype at = data.indexOf(header); at >= 0; at = data.indexOf(header, at + 1))
        ++n;
    return n;
}
QString attr(const CollectingSink &sink, const casestore::ObjectRecord &o, const char *name) {
    const auto *a = sink.attribute(o, name);
    return a ? QString::fromStdString(a->text) : QString();
}
}  // namespace

class TestLnkParsers : public QObject {
    Q_OBJECT
private slots:
    void exampleLnk() {
        HARRIER_REQUIRE_CORPUS(path, "endpoint_triage/plaso_test_data/example.lnk");
        parsers::lnk::LnkParser parser;
        CollectingSink sink;
        ingest::Confidence c{};
        const auto r = test::runParser(parser, path, sink, &c);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(c, ingest::Confidence::Magic);
        QCOMPARE(sink.objects.size(), std::size_t(1));
        const auto &o = sink.objects.front();
        QCOMPARE(attr(sink, o, "description"), QStringLiteral("@%windir%\\system32\\migwiz\\wet.dll,-590"));
        QCOMPARE(attr(sink, o, "relative_path"), QStringLiteral(".\\migwiz\\migwiz.exe"));
        QCOMPARE(attr(sink, o, "working_directory"), QStringLiteral("%windir%\\system32\\migwiz"));
        QCOMPARE(attr(sink, o, "env_location"), QStringLiteral("%windir%\\system32\\migwiz\\migwiz.exe"));
        QCOMPARE(sink.attribute(o, "target_size")->integer, qint64(544768));
        const auto created = sink.eventsWithDesc("Link Target Created");
        const auto modified = sink.eventsWithDesc("Link Target Modified");
        QCOMPARE(created.size(), std::size_t(1));
        QCOMPARE(modified.size(), std::size_t(1));
        QCOMPARE(created.front()->time.micros, UtcTime::parseIso8601("2009-07-13T23:29:02.849131Z")->micros);
        QCOMPARE(modified.front()->time.micros, UtcTime::parseIso8601("2009-07-14T01:39:18.22Z")->micros);
        QCOMPARE(created.front()->eventType, std::string("windows:lnk"));
        QVERIFY(sink.counts.at(test::kItemId).reconciles());
    }
    void otherLnks_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("NeroInfoTool") << "endpoint_triage/plaso_test_data/NeroInfoTool.lnk";
        QTest::newRow("unpaired surrogate") << "endpoint_triage/plaso_test_data/unpaired_surrogate.lnk";
        QTest::newRow("velociraptor 1.lnk") << "endpoint_triage/velociraptor_testdata/1.lnk";
        QTest::newRow("velociraptor password.txt.lnk") << "endpoint_triage/velociraptor_testdata/password.txt.lnk";
    }
    void otherLnks() {
        QFETCH(QString, file);
        HARRIER_REQUIRE_CORPUS(path, file);
        parsers::lnk::LnkParser parser;
        CollectingSink sink;
        const auto r = test::runParser(parser, path, sink);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(sink.objects.size(), std::size_t(1));
        // Every text attribute is valid UTF-8 even when the link holds broken UTF-16.
        for (const auto &a : sink.objects.front().attributes)
            QVERIFY(QString::fromStdString(a.text).toUtf8() == QByteArray::fromStdString(a.text));
    }
    void jumpLists_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("hasTargetTimes");
        QTest::newRow("1b4dd67f29cb1962") << "endpoint_triage/plaso_test_data/automaticDestinations-ms/1b4dd67f29cb1962.automaticDestinations-ms" << true;
        // liblnk reports no target FILETIMEs for its two entries (all zero), so no events.
        QTest::newRow("9d1f905ce5044aee") << "endpoint_triage/plaso_test_data/automaticDestinations-ms/9d1f905ce5044aee.automaticDestinations-ms" << false;
        QTest::newRow("velociraptor 5f7b5f1e01b83767") << "endpoint_triage/velociraptor_testdata/5f7b5f1e01b83767.automaticDestinations-ms" << true;
    }
    void jumpLists() {
        QFETCH(QString, file);
        QFETCH(bool, hasTargetTimes);
        HARRIER_REQUIRE_CORPUS(path, file);
        const int expected = countLnkHeaders(path);
        QVERIFY(expected > 0);
        parsers::lnk::JumpListParser parser;
        CollectingSink sink;
        ingest::Confidence c{};
        const auto r = test::runParser(parser, path, sink, &c);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(c, ingest::Confidence::Magic);
        QCOMPARE(int(sink.objects.size()), expected);
        const auto counts = sink.counts.at(test::kItemId);
        QCOMPARE(int(counts.stored), expected);
        QVERIFY(counts.reconciles());
        QCOMPARE(!sink.eventsOfType("windows:jumplist").empty(), hasTargetTimes);
    }
    void truncatedLnk() {
        HARRIER_REQUIRE_CORPUS(path, "endpoint_triage/plaso_test_data/example.lnk");
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QTemporaryDir dir;
        const QString cut = dir.filePath("cut.lnk");
        test::writeFile(cut, f.read(60));
        parsers::lnk::LnkParser parser;
        CollectingSink sink;
        QVERIFY(!test::runParser(parser, cut, sink).ok());
        QVERIFY(sink.counts.at(test::kItemId).reconciles());
    }
};

QTEST_GUILESS_MAIN(TestLnkParsers)
#include "tst_lnk_parsers.moc"
