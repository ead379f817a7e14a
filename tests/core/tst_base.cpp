// Base utilities against independently known answers (RFC test vectors,
// published FILETIME/epoch conversions).
#include <QtTest>

#include "base/hashing.h"
#include "base/utc_time.h"
#include "base/uuid.h"

using namespace harrier;

class TestBase : public QObject {
    Q_OBJECT
private slots:
    void hashesOfAbc() {
        MultiHasher h;
        h.update(asBytes("abc"));
        const FileHashes r = h.finish();
        QCOMPARE(QString::fromStdString(r.md5), QStringLiteral("900150983cd24fb0d6963f7d28e17f72"));
        QCOMPARE(QString::fromStdString(r.sha1), QStringLiteral("a9993e364706816aba3e25717850c26c9cd0d89d"));
        QCOMPARE(QString::fromStdString(r.sha256),
                 QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }
    void hasherResetsAfterFinish() {
        MultiHasher h;
        h.update(asBytes("junk"));
        (void)h.finish();
        const FileHashes empty = h.finish();
        QCOMPARE(QString::fromStdString(empty.sha256),
                 QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }
    void chunkedEqualsWhole() {
        std::string data(1'000'003, 'x');
        for (std::size_t i = 0; i < data.size(); ++i)
            data[i] = static_cast<char>(i * 31 % 251);
        MultiHasher whole, chunked;
        whole.update(asBytes(data));
        for (std::size_t i = 0; i < data.size(); i += 4093)
            chunked.update(asBytes(std::string_view(data).substr(i, 4093)));
        QCOMPARE(whole.finish().sha1, chunked.finish().sha1);
    }
    void largeChunksHashedInParallelMatchVectors() {
        // A million 'a' (the FIPS 180 / RFC 1321 long vectors), in one update
        // (MD5 on its own thread) and in small ones (all on this thread).
        const std::string data(1'000'000, 'a');
        QVERIFY(data.size() >= MultiHasher::kParallelBytes);
        MultiHasher whole, chunked;
        whole.update(asBytes(data));
        for (std::size_t i = 0; i < data.size(); i += 1000)
            chunked.update(asBytes(std::string_view(data).substr(i, 1000)));
        for (const FileHashes &r : {whole.finish(), chunked.finish()}) {
            QCOMPARE(QString::fromStdString(r.md5), QStringLiteral("7707d6ae4e027c70eea2a935c2296f21"));
            QCOMPARE(QString::fromStdString(r.sha1), QStringLiteral("34aa973cd4c4daa4f61eeb2bdbad27316534016f"));
            QCOMPARE(QString::fromStdString(r.sha256),
                     QStringLiteral("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
        }
    }

    void iso8601_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("micros");
        QTest::newRow("epoch") << "1970-01-01T00:00:00Z" << qint64(0);
        QTest::newRow("date only") << "2024-03-25" << qint64(1711324800LL * 1000000);
        QTest::newRow("fraction") << "2024-03-25T10:15:30.25Z" << qint64(1711361730LL * 1000000 + 250000);
        QTest::newRow("offset") << "2024-03-25T12:15:30+02:00" << qint64(1711361730LL * 1000000);
        QTest::newRow("negative offset") << "2024-03-25T05:15:30-0500" << qint64(1711361730LL * 1000000);
        QTest::newRow("space separator") << "2024-03-25 10:15:30" << qint64(1711361730LL * 1000000);
        QTest::newRow("before epoch") << "1969-12-31T23:59:59Z" << qint64(-1000000);
        QTest::newRow("leap day") << "2000-02-29T00:00:00Z" << qint64(951782400LL * 1000000);
    }
    void iso8601() {
        QFETCH(QString, text);
        QFETCH(qint64, micros);
        const auto t = UtcTime::parseIso8601(text.toStdString());
        QVERIFY(t.has_value());
        QCOMPARE(t->micros, micros);
    }
    void iso8601RoundTrip() {
        for (const char *s : {"2024-03-25T10:15:30Z", "1969-12-31T23:59:59.000001Z", "2038-01-19T03:14:08.5Z"}) {
            const auto t = UtcTime::parseIso8601(s);
            QVERIFY(t);
            const auto again = UtcTime::parseIso8601(t->toIso8601());
            QVERIFY(again);
            QCOMPARE(again->micros, t->micros);
        }
        QCOMPARE(QString::fromStdString(UtcTime{1500000}.toIso8601()), QStringLiteral("1970-01-01T00:00:01.500000Z"));
    }
    void rejectsGarbage() {
        for (const char *s : {"", "2024", "2024-13-01", "2024-03-25T25:00", "yesterday", "2024-03-25Tx"})
            QVERIFY2(!UtcTime::parseIso8601(s), s);
    }
    void filetime() {
        // FILETIME counts 100 ns ticks from 1601-01-01; the Unix epoch is 11644473600 s later.
        const auto epoch = UtcTime::fromFiletime(116444736000000000ULL);
        QVERIFY(epoch);
        QCOMPARE(epoch->micros, qint64(0));
        const auto y2k = UtcTime::fromFiletime((946684800ULL + 11644473600ULL) * 10000000ULL + 5);
        QVERIFY(y2k);
        QCOMPARE(QString::fromStdString(y2k->toIso8601()), QStringLiteral("2000-01-01T00:00:00Z"));
        QVERIFY(!UtcTime::fromFiletime(0));
    }
    void uuidsAreV4AndUnique() {
        const std::string a = newUuid(), b = newUuid();
        QCOMPARE(a.size(), std::size_t(36));
        QCOMPARE(a[14], '4');
        QVERIFY(a != b);
    }
};

QTEST_GUILESS_MAIN(TestBase)
#include "tst_base.moc"
