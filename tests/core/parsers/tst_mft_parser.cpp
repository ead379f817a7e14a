// $MFT against independent answers: entry count = file size / 1024, and every
// file and directory The Sleuth Kit's `fls -r -p` lists for the same volume
// (fls_listing.txt, beside the corpus file) appears with the same full path.
#include <QFile>
#include <QFileInfo>
#include <QtTest>

#include <set>

#include "collecting_sink.h"
#include "parsers/ntfs/mft_parser.h"
#include "support/test_support.h"

using namespace harrier;
using harrier::test::CollectingSink;

class TestMftParser : public QObject {
    Q_OBJECT
private slots:
    void veloMft() {
        HARRIER_REQUIRE_CORPUS(dir, "endpoint_triage/ntfs_artifacts_extracted_from_velociraptor_E01");
        const QString mft = dir + "/$MFT";
        parsers::ntfs::MftParser parser;
        CollectingSink sink;
        ingest::Confidence c{};
        const auto r = test::runParser(parser, mft, sink, &c);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(c, ingest::Confidence::Magic);
        const auto counts = sink.counts.at(test::kItemId);
        QCOMPARE(qint64(counts.seen), QFileInfo(mft).size() / 1024);
        QVERIFY(counts.reconciles());

        std::set<QString> paths;
        for (const auto &e : sink.events) {
            const QString m = QString::fromStdString(e.message);
            paths.insert(m.left(m.indexOf(" [MFT entry")).remove(" (deleted)"));
        }
        QFile fls(dir + "/fls_listing.txt");
        QVERIFY(fls.open(QIODevice::ReadOnly | QIODevice::Text));
        int checked = 0;
        while (!fls.atEnd()) {
            const QString line = QString::fromUtf8(fls.readLine()).trimmed();
            const QString name = line.section('\t', 1);
            // Alternate data streams (name:stream) and fls's virtual $OrphanFiles are not MFT entries of their own.
            if (name.isEmpty() || name.contains(':') || line.startsWith("V/V"))
                continue;
            const QString expected = "\\" + QString(name).replace('/', '\\');
            QVERIFY2(paths.count(expected), qPrintable(expected + " not in e.g. " + *paths.begin()));
            ++checked;
        }
        QVERIFY(checked > 25);
        QVERIFY(!sink.eventsWithDesc("$SI Modified").empty());
    }
    void singleEntries_data() {
        QTest::addColumn<QString>("file");
        for (const char *f : {"samples/entry_102130_fixup_issue", "samples/entry_data_run_at_offset",
                              "samples/entry_multiple_index_root_entries", "samples/entry_single_file",
                              "testdata/entry_long_name_and_res_ads_002", "testdata/entry_super_long_name_001"})
            QTest::newRow(f) << QString("endpoint_triage/mft_entries_omerbenamram/") + f;
    }
    void singleEntries() {
        // One-record fragments (hostile-ish: fixup problems, odd runs): no crash; counts reconcile.
        QFETCH(QString, file);
        HARRIER_REQUIRE_CORPUS(path, file);
        parsers::ntfs::MftParser parser;
        CollectingSink sink;
        const auto r = test::runParser(parser, path, sink);
        if (r.ok())
            QVERIFY(sink.counts.at(test::kItemId).reconciles());
        else
            QVERIFY(!r.error().message.empty());
    }
};

QTEST_GUILESS_MAIN(TestMftParser)
#include "tst_mft_parser.moc"
