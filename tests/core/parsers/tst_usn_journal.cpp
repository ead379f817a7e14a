// $UsnJrnl:$J over a journal built here byte by byte (so every expected value
// is known from its construction, not from the parser), and over the
// Velociraptor collection's truncated 5,120-byte upload, whose facts were read
// with xxd: 50 whole records, the first "2024-08-14.json.tidx", DATA_EXTEND,
// FILETIME 0x01DAEE5ED0731CB2 = 2024-08-14 15:29:55.239237 UTC, file
// 0x000C000000011F99 (entry 73625, seq 12), parent 0x000200000003B886
// (entry 243846, seq 2), USN 0x26000000; a 0x60-byte record starts at 0x13E0
// with only 0x20 bytes left.
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "collecting_sink.h"
#include "parsers/ntfs/usn_journal_parser.h"
#include "support/test_support.h"

using namespace harrier;
using harrier::test::CollectingSink;

namespace {

void put16(QByteArray &b, int at, quint16 v) {
    for (int i = 0; i < 2; ++i)
        b[at + i] = char((v >> (8 * i)) & 0xFF);
}
void put32(QByteArray &b, int at, quint32 v) {
    for (int i = 0; i < 4; ++i)
        b[at + i] = char((v >> (8 * i)) & 0xFF);
}
void put64(QByteArray &b, int at, quint64 v) {
    for (int i = 0; i < 8; ++i)
        b[at + i] = char((v >> (8 * i)) & 0xFF);
}

constexpr quint64 kEpochDelta = 11644473600ULL;  // seconds from 1601 to 1970
quint64 filetime(qint64 unixSeconds) { return (quint64(unixSeconds) + kEpochDelta) * 10000000ULL; }
quint64 ref(quint64 entry, quint16 seq) { return entry | (quint64(seq) << 48); }

// USN_RECORD_V2: header 0x3C, V3: 0x4C (128-bit references); length padded to 8.
QByteArray record(int major, quint64 file, quint64 parent, qint64 usn, quint64 ft, quint32 reason, quint32 attrs,
                  const QString &name) {
    const int header = major == 2 ? 0x3C : 0x4C;
    const int nameBytes = int(name.size()) * 2;
    const int length = (header + nameBytes + 7) / 8 * 8;
    QByteArray b(length, '\0');
    put32(b, 0, quint32(length));
    put16(b, 4, quint16(major));
    const int shift = major == 3 ? 16 : 0;
    put64(b, 8, file);
    put64(b, major == 3 ? 24 : 16, parent);
    put64(b, 24 + shift, quint64(usn));
    put64(b, 32 + shift, ft);
    put32(b, 40 + shift, reason);
    put32(b, 52 + shift, attrs);
    put16(b, 56 + shift, quint16(nameBytes));
    put16(b, 58 + shift, quint16(header));
    for (int i = 0; i < name.size(); ++i)
        put16(b, header + 2 * i, name.at(i).unicode());
    return b;
}

Result<void> parseFile(const QString &path, CollectingSink &sink, ingest::Confidence *c) {
    parsers::ntfs::UsnJournalParser parser;
    return test::runParser(parser, path, sink, c);
}

}  // namespace

class TestUsnJournal : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private slots:
    void handBuilt() {
        const qint64 t0 = QDateTime(QDate(2026, 11, 20), QTime(10, 15, 0), Qt::UTC).toSecsSinceEpoch();
        QCOMPARE(t0, qint64(1795169700));  // calendar.timegm((2026,11,20,10,15,0))
        // 128 KiB of zeros: longer than the 64 KiB head, like a sparse $J.
        QByteArray j(0x20000, '\0');
        j += record(2, ref(41, 3), ref(5, 5), 0x20000, filetime(t0), 0x100, 0x20, "report.docx");        // 0x58
        j += record(2, ref(41, 3), ref(5, 5), 0x20058, filetime(t0 + 1), 0x80000002, 0x20, "report.docx"); // 0x58
        const int corruptAt = int(j.size());
        QByteArray bad(0x58, char(0xFF));  // length 0x57: not a multiple of 8; the rest never looks like a record
        put32(bad, 0, 0x57);
        j += bad;
        j += record(2, ref(77, 1), ref(41, 3), 0x20108, filetime(t0 + 2), 0x1000, 0x20, "a.tmp");     // 0x48
        j += record(2, ref(77, 1), ref(41, 3), 0x20150, filetime(t0 + 2), 0x2000, 0x20, "evil.exe");  // 0x50
        j += QByteArray(0x21000 - j.size(), '\0');  // page padding
        // V3 with a non-ASCII name: Omega (U+03A9) + "mega.txt"
        j += record(3, ref(1000, 2), ref(41, 3), 0x21000, filetime(t0 + 3), 0x80000200, 0x80, QString(QChar(0x03A9)) + "mega.txt");
        const int truncatedAt = int(j.size());
        j += record(2, ref(1, 1), ref(5, 5), 0x21060, filetime(t0 + 4), 0x100, 0x20, "cut.txt").left(16);
        QCOMPARE(corruptAt, 0x20000 + 0xB0);
        QCOMPARE(truncatedAt, 0x21060);

        const QString path = m_tmp.filePath("$J");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(j);
        f.close();

        CollectingSink sink;
        ingest::Confidence c{};
        const auto r = parseFile(path, sink, &c);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(c, ingest::Confidence::Content);  // the head is all zeros: only the name speaks

        const auto counts = sink.counts.at(test::kItemId);
        QCOMPARE(counts.seen, 7ULL);  // 5 good + the corrupt one + the truncated one
        QCOMPARE(counts.stored, 5ULL);
        QCOMPARE(counts.failed, 2ULL);
        QVERIFY(counts.reconciles());

        const auto ev = sink.eventsOfType("ntfs:usn");
        QCOMPARE(ev.size(), std::size_t(5));
        for (const auto *e : ev)
            QCOMPARE(e->timestampDesc, std::string("USN Record"));
        QCOMPARE(ev[0]->time.micros, t0 * 1000000);
        QCOMPARE(ev[0]->message, std::string("report.docx USN_REASON_FILE_CREATE [file 41-3, parent 5-5, usn 131072, "
                                             "attributes 0x00000020, V2]"));
        QCOMPARE(ev[1]->time.micros, (t0 + 1) * 1000000);
        QCOMPARE(ev[1]->message, std::string("report.docx USN_REASON_DATA_EXTEND|USN_REASON_CLOSE [file 41-3, parent "
                                             "5-5, usn 131160, attributes 0x00000020, V2]"));
        QCOMPARE(ev[2]->message, std::string("a.tmp USN_REASON_RENAME_OLD_NAME [file 77-1, parent 41-3, usn 131336, "
                                             "attributes 0x00000020, V2]"));
        QCOMPARE(ev[3]->message, std::string("evil.exe USN_REASON_RENAME_NEW_NAME [file 77-1, parent 41-3, usn "
                                             "131408, attributes 0x00000020, V2]"));
        QCOMPARE(ev[4]->time.micros, (t0 + 3) * 1000000);
        QCOMPARE(ev[4]->message, std::string("\xCE\xA9mega.txt USN_REASON_FILE_DELETE|USN_REASON_CLOSE [file 1000-2, "
                                             "parent 41-3, usn 135168, attributes 0x00000080, V3]"));

        std::vector<std::int64_t> offsets;
        for (const auto &e : sink.errors)
            if (e.offset)
                offsets.push_back(*e.offset);
        QCOMPARE(offsets, (std::vector<std::int64_t>{corruptAt, truncatedAt}));
        QVERIFY(QString::fromStdString(sink.errors[1].reason).contains("truncated"));
    }

    void sniff() {
        parsers::ntfs::UsnJournalParser p;
        const QByteArray rec = record(2, ref(41, 3), ref(5, 5), 8, filetime(1795169700), 0x100, 0x20, "x.txt");
        const QByteArray head = QByteArray(64, '\0') + rec;
        const ByteView view(reinterpret_cast<const std::uint8_t *>(head.constData()), std::size_t(head.size()));
        QCOMPARE(p.sniff(view, "$J"), ingest::Confidence::Magic);
        QCOMPARE(p.sniff(view, "$UsnJrnl:$J"), ingest::Confidence::Magic);
        QCOMPARE(p.sniff(view, "$UsnJrnl%3A$J"), ingest::Confidence::Magic);
        QCOMPARE(p.sniff(view, "$UsnJrnl%3A$J.idx"), ingest::Confidence::None);
        QCOMPARE(p.sniff(view, "report.bin"), ingest::Confidence::None);
        const QByteArray junk = QByteArray(64, '\0') + QByteArray("{\"ranges\":[]}    ");
        const ByteView jv(reinterpret_cast<const std::uint8_t *>(junk.constData()), std::size_t(junk.size()));
        QCOMPARE(p.sniff(jv, "$J"), ingest::Confidence::None);
        QCOMPARE(parsers::ntfs::usnReasonNames(0x80000000 | 0x8), std::string("USN_REASON_CLOSE|0x00000008"));
    }

    void velociraptorUpload() {
        HARRIER_REQUIRE_CORPUS(zip, "endpoint_triage/velociraptor_offline_collections/"
                                    "Collection-WIN-E5K9RC5GU23-2021-11-21T18_05_56-08_00.zip");
        const QString out = m_tmp.filePath("velo");
        QDir().mkpath(out);
        QProcess tar;
        tar.start("bsdtar", {"-xf", zip, "-C", out, "uploads/ntfs/%5C%5C.%5CC%3A/$Extend/$UsnJrnl%3A$J"});
        QVERIFY(tar.waitForFinished(60000) && tar.exitCode() == 0);
        const QString path = out + "/uploads/ntfs/%5C%5C.%5CC%3A/$Extend/$UsnJrnl%3A$J";
        QCOMPARE(QFileInfo(path).size(), qint64(5120));

        CollectingSink sink;
        ingest::Confidence c{};
        const auto r = parseFile(path, sink, &c);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(c, ingest::Confidence::Magic);
        const auto counts = sink.counts.at(test::kItemId);
        QCOMPARE(counts.stored, 50ULL);
        QCOMPARE(counts.failed, 1ULL);
        QCOMPARE(counts.seen, 51ULL);
        QCOMPARE(sink.errors.size(), std::size_t(1));
        QCOMPARE(sink.errors[0].offset.value_or(-1), std::int64_t(0x13E0));
        const auto ev = sink.eventsOfType("ntfs:usn");
        QCOMPARE(ev.size(), std::size_t(50));
        const qint64 secs = QDateTime(QDate(2024, 8, 14), QTime(15, 29, 55), Qt::UTC).toSecsSinceEpoch();
        QCOMPARE(ev[0]->time.micros, secs * 1000000 + 239237);
        QCOMPARE(ev[0]->message, std::string("2024-08-14.json.tidx USN_REASON_DATA_EXTEND [file 73625-12, parent "
                                             "243846-2, usn 637534208, attributes 0x00000020, V2]"));
    }
};

QTEST_GUILESS_MAIN(TestUsnJournal)
#include "tst_usn_journal.moc"
