// Prefetch against Eric Zimmerman's published test expectations
// (github.com/EricZimmerman/Prefetch, Prefetch.Test/TestVersion17.cs and
// TestVersion30.cs): executable, run count, last run time, volume serial,
// file name count. His times are local with offsets; converted to UTC here.
#include <QDirIterator>
#include <QtTest>

#include "collecting_sink.h"
#include "parsers/prefetch/prefetch_parser.h"
#include "support/test_support.h"

using namespace harrier;
using harrier::test::CollectingSink;

class TestPrefetchParser : public QObject {
    Q_OBJECT
private slots:
    void zimmerman_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("executable");
        QTest::addColumn<int>("runCount");
        QTest::addColumn<QString>("lastRunUtc");
        QTest::addColumn<QString>("serial");
        QTest::addColumn<int>("filenames");
        QTest::addColumn<int>("volumes");
        // TestVersion30.cs, TestWin10ChromePfProperties: 2016-01-13T11:06:55.3344577-07:00 (MAM-compressed).
        QTest::newRow("Win10 CHROME") << "Win10/CHROME.EXE-B3BA7868.pf" << "CHROME.EXE" << 20
                                      << "2016-01-13T18:06:55.3344577Z" << "8C9F49EC" << 282 << 1;
        // TestWin10DcodeDecodePfProperties: 2016-01-13T15:47:25.7480759-07:00; serial of volume 0.
        QTest::newRow("Win10 DCODE") << "Win10/DCODEDCODEDCODEDCODEDCODEDCOD-E65B9FE8.pf"
                                     << "DCODEDCODEDCODEDCODEDCODEDCOD" << 2 << "2016-01-13T22:47:25.7480759Z"
                                     << "66F451BC" << 57 << 2;
        // TestWin10DevEnvPfProperties: 2016-01-13T09:50:34.6578416-07:00.
        QTest::newRow("Win10 DEVENV") << "Win10/DEVENV.EXE-854D7862.pf" << "DEVENV.EXE" << 54
                                      << "2016-01-13T16:50:34.6578416Z" << "8C9F49EC" << 403 << 1;
        // TestVersion17.cs, Test2k3CmdPfProperties: 2016-01-15T16:01:40.8750000-07:00.
        QTest::newRow("Win2k3 CMD") << "Win2k3/CMD.EXE-087B4001.pf" << "CMD.EXE" << 3
                                    << "2016-01-15T23:01:40.875Z" << "64BB3469" << 16 << 1;
        // TestXPCalcPfProperties: 2016-01-13T15:05:51.2812500-07:00.
        QTest::newRow("XP CALC") << "XPPro/CALC.EXE-02CD573A.pf" << "CALC.EXE" << 3
                                 << "2016-01-13T22:05:51.28125Z" << "E0F7E847" << 30 << 1;
    }
    void zimmerman() {
        QFETCH(QString, file);
        QFETCH(QString, executable);
        QFETCH(int, runCount);
        QFETCH(QString, lastRunUtc);
        QFETCH(QString, serial);
        QFETCH(int, filenames);
        QFETCH(int, volumes);
        HARRIER_REQUIRE_CORPUS(path, "endpoint_triage/prefetch_zimmerman/" + file);
        parsers::prefetch::PrefetchParser parser;
        CollectingSink sink;
        ingest::Confidence c{};
        const auto r = test::runParser(parser, path, sink, &c);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(c, ingest::Confidence::Magic);
        QCOMPARE(sink.objects.size(), std::size_t(1));
        const auto &pf = sink.objects.front();
        QCOMPARE(QString::fromStdString(sink.attribute(pf, "executable")->text), executable);
        QCOMPARE(int(sink.attribute(pf, "run_count")->integer), runCount);
        QCOMPARE(int(sink.attribute(pf, "volume_count")->integer), volumes);
        QCOMPARE(QString::fromStdString(sink.attribute(pf, "volume_0_serial")->text), serial);
        QCOMPARE(int(sink.attribute(pf, "referenced_file_count")->integer), filenames);
        // FILETIME has 100 ns ticks; Harrier keeps µs, so allow the truncated tick.
        const auto expected = UtcTime::parseIso8601(lastRunUtc.chopped(1).left(26).toStdString() + "Z");
        QVERIFY(expected);
        const auto lastRun = sink.eventsWithDesc("Prefetch Last Run");
        QCOMPARE(lastRun.size(), std::size_t(1));
        QVERIFY2(std::llabs(lastRun.front()->time.micros - expected->micros) <= 1,
                 lastRun.front()->time.toIso8601().c_str());
        QCOMPARE(lastRun.front()->eventType, std::string("windows:prefetch"));
        const auto counts = sink.counts.at(test::kItemId);
        QCOMPARE(int(counts.seen), filenames);
        QVERIFY(counts.reconciles());
        QVERIFY(sink.errors.empty());
    }
    void everyCorpusFile() {
        // Every .pf of the corpus (XP .. Win10, MAM-compressed too) parses without error.
        HARRIER_REQUIRE_CORPUS(dir, "endpoint_triage/prefetch_zimmerman");
        QStringList files;
        QDirIterator it(dir, {"*.pf"}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        const QString plaso = test::corpusPath("endpoint_triage/plaso_test_data/winprefetch");
        if (!plaso.isEmpty()) {
            QDirIterator it2(plaso, {"*.pf"}, QDir::Files);
            while (it2.hasNext())
                files << it2.next();
        }
        QVERIFY(files.size() > 50);
        int parsed = 0;
        for (const QString &f : files) {
            parsers::prefetch::PrefetchParser parser;
            CollectingSink sink;
            ingest::Confidence c{};
            const auto r = test::runParser(parser, f, sink, &c);
            if (f.contains("/Bad/")) {
                QCOMPARE(c, ingest::Confidence::None);  // 13 bytes of text, not a prefetch file
                continue;
            }
            if (f.contains("AM_DELTA_PATCH")) {
                // A newer format version than Debian's libscca reads: a clear error, not a crash.
                QVERIFY(!r.ok());
                QVERIFY2(r.error().message.find("newer than libscca") != std::string::npos, r.error().message.c_str());
                continue;
            }
            QVERIFY2(r.ok(), qPrintable(f + ": " + QString::fromStdString(r.ok() ? "" : r.error().message)));
            QVERIFY2(!sink.eventsWithDesc("Prefetch Last Run").empty(), qPrintable(f));
            ++parsed;
        }
        QVERIFY(parsed > 50);
    }
    void truncated() {
        HARRIER_REQUIRE_CORPUS(path, "endpoint_triage/prefetch_zimmerman/Win7/CALC.EXE-77FDF17F.pf");
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QTemporaryDir dir;
        const QString cut = dir.filePath("CALC.EXE-77FDF17F.pf");
        test::writeFile(cut, f.read(200));
        parsers::prefetch::PrefetchParser parser;
        CollectingSink sink;
        const auto r = test::runParser(parser, cut, sink);
        QVERIFY(!r.ok());
        QVERIFY(!r.error().message.empty());
    }
};

QTEST_GUILESS_MAIN(TestPrefetchParser)
#include "tst_prefetch_parser.moc"
