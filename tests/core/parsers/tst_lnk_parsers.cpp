// Shell links and jump lists against independent answers: example.lnk's
// values are plaso's documented test expectations (tests/parsers/winlnk.py,
// also checked with xxd: creation FILETIME 0x01CA0411B4D8042E at 0x1C, size
// 0x85000 at 0x34); a jump list's entry count is the number of 20-byte
// LNK header+CLSID signatures in the raw file, counted by the test itself.
// DestList entries are checked against plaso's stated expectations
// (tests/parsers/olecf_plugins/automatic_destinations.py, current version:
// entry 7 of 1b4dd67f29cb1962 on student-pc1, entry 2 of 9d1f905ce5044aee).
#include <QFile>
#include <map>
#include <QtTest>

#include "collecting_sink.h"
#include "parsers/lnk/dest_list.h"
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
        int lnks = 0, entries = 0;
        for (const auto &o : sink.objects) {
            lnks += o.kind == "lnk";
            entries += o.kind == "jumplist_entry";
        }
        QCOMPARE(lnks, expected);
        QVERIFY(entries > 0);
        const auto counts = sink.counts.at(test::kItemId);
        QCOMPARE(int(counts.stored), expected + entries);
        QVERIFY(counts.reconciles());
        QCOMPARE(!sink.eventsOfType("windows:jumplist").empty(), hasTargetTimes);
    }
    void destList_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("version");
        QTest::addColumn<int>("entryNumber");
        QTest::addColumn<QString>("lastAccess");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("hostname");
        QTest::addColumn<QString>("volumeDroid");
        QTest::addColumn<QString>("fileDroid");
        QTest::addColumn<QString>("droidCreated");
        QTest::addColumn<QString>("mac");
        // plaso: modification_time 2015-08-29T15:32:44.0343008, droid creation
        // 2015-08-24T10:40:58.5000324 (Harrier keeps microseconds).
        QTest::newRow("v1 1b4dd67f29cb1962")
            << "endpoint_triage/plaso_test_data/automaticDestinations-ms/1b4dd67f29cb1962.automaticDestinations-ms" << 1 << 7
            << "2015-08-29T15:32:44.034300Z" << "C:\\Users\\bperry\\Downloads" << "student-pc1"
            << "{fb6af886-05d7-402d-9741-d1ee9e64c41f}" << "{9b1ce584-4a4c-11e5-b5c9-080027ac3d7f}"
            << "2015-08-24T10:40:58.500032Z" << "08:00:27:ac:3d:7f";
        QTest::newRow("v3 9d1f905ce5044aee")
            << "endpoint_triage/plaso_test_data/automaticDestinations-ms/9d1f905ce5044aee.automaticDestinations-ms" << 3 << 2
            << "2016-01-17T13:08:08.247504Z" << "http://support.microsoft.com/kb/3124263" << ""
            << "{00000000-0000-0000-0000-000000000000}" << "{00000000-0000-0000-0000-000000000000}" << "" << "";
    }
    void destList() {
        QFETCH(QString, file);
        QFETCH(int, version);
        QFETCH(int, entryNumber);
        QFETCH(QString, lastAccess);
        QFETCH(QString, path);
        QFETCH(QString, hostname);
        QFETCH(QString, volumeDroid);
        QFETCH(QString, fileDroid);
        QFETCH(QString, droidCreated);
        QFETCH(QString, mac);
        HARRIER_REQUIRE_CORPUS(jl, file);
        parsers::lnk::JumpListParser parser;
        CollectingSink sink;
        const auto r = test::runParser(parser, jl, sink);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        std::map<casestore::ObjectId, const casestore::ObjectRecord *> lnks;
        std::vector<const casestore::ObjectRecord *> entries;
        for (const auto &o : sink.objects) {
            if (o.kind == "lnk")
                lnks[o.id] = &o;
            else if (o.kind == "jumplist_entry")
                entries.push_back(&o);
        }
        // plaso's first DestList entry: the one at stream offset 32.
        QVERIFY(!entries.empty());
        const auto &e = *entries.front();
        QCOMPARE(sink.attribute(e, "destlist_offset")->integer, qint64(32));
        QCOMPARE(sink.attribute(e, "destlist_version")->integer, qint64(version));
        QCOMPARE(sink.attribute(e, "entry_number")->integer, qint64(entryNumber));
        QCOMPARE(sink.attribute(e, "pin_status")->integer, qint64(-1));
        QCOMPARE(sink.attribute(e, "last_access")->integer, UtcTime::parseIso8601(lastAccess.toStdString())->micros);
        QCOMPARE(attr(sink, e, "target"), path);
        QCOMPARE(attr(sink, e, "hostname"), hostname);
        QCOMPARE(attr(sink, e, "droid_volume"), volumeDroid);
        QCOMPARE(attr(sink, e, "droid_file"), fileDroid);
        QCOMPARE(attr(sink, e, "birth_droid_volume"), volumeDroid);
        QCOMPARE(attr(sink, e, "birth_droid_file"), fileDroid);
        QCOMPARE(attr(sink, e, "droid_file_mac"), mac);
        QCOMPARE(sink.attribute(e, "access_count") != nullptr, version >= 3);
        if (droidCreated.isEmpty()) {
            QVERIFY(!sink.attribute(e, "droid_file_created"));
        } else {
            QCOMPARE(sink.attribute(e, "droid_file_created")->integer,
                     UtcTime::parseIso8601(droidCreated.toStdString())->micros);
        }
        // Every entry is tied to the LNK stream named by its number in hex.
        for (const auto *entry : entries) {
            const auto *id = sink.attribute(*entry, "lnk_object_id");
            QVERIFY2(id, attr(sink, *entry, "stream").toUtf8().constData());
            QVERIFY(lnks.count(id->integer));
            const QString stream = QString::number(sink.attribute(*entry, "entry_number")->integer, 16);
            QCOMPARE(attr(sink, *entry, "stream"), stream);
            QVERIFY(QString::fromStdString(lnks[id->integer]->path).endsWith("#" + stream));
        }
        const auto last = sink.eventsWithDesc("Jump List Last Access");
        QCOMPARE(last.size(), entries.size());
        QVERIFY(sink.counts.at(test::kItemId).reconciles());
    }
    void destListTruncated() {
        // A version-3 header promising two entries, then one whole entry and a cut one.
        QByteArray d(32, '\0');
        d[0] = 3;
        d[4] = 2;
        QByteArray entry(130, '\0');
        entry[88] = 5;                       // entry number
        entry[108] = entry[109] = entry[110] = entry[111] = char(0xFF);  // unpinned
        entry[116] = 9;                      // access count
        entry[128] = 3;                      // path length in UTF-16 units
        d += entry + QByteArray("a\0b\0c\0", 6) + QByteArray(4, '\0') + entry.left(60);
        const auto list = parsers::lnk::decodeDestList(
            ByteView(reinterpret_cast<const std::uint8_t *>(d.constData()), std::size_t(d.size())));
        QCOMPARE(list.entries.size(), std::size_t(1));
        QCOMPARE(list.entries[0].path, std::string("abc"));
        QCOMPARE(list.entries[0].streamName, std::string("5"));
        QCOMPARE(*list.entries[0].accessCount, std::uint32_t(9));
        QVERIFY(!list.entries[0].lastAccess);
        QCOMPARE(list.errors.size(), std::size_t(1));
        QCOMPARE(list.errors[0].first, std::int64_t(32 + 130 + 6 + 4));
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
