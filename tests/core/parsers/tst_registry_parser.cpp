// Registry hives and ShimCache against independent answers: ShimCache first
// entries hand-read with xxd from Eric Zimmerman's AppCompatCacheParser test
// files (path UTF-16 at 0x3E / 0x42, FILETIME after it); UserAssist names are
// checked by ROT13-encoding them again and finding them, as UTF-16LE, in the
// raw hive bytes; Amcache SHA-1s likewise must appear in the raw hive.
#include <QFile>
#include <QtTest>

#include "collecting_sink.h"
#include "parsers/registry/registry_parser.h"
#include "parsers/registry/shim_cache.h"
#include "support/test_support.h"

using namespace harrier;
using harrier::test::CollectingSink;

namespace {
QByteArray readAll(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
QByteArray utf16le(const QString &s) {
    QByteArray out;
    for (QChar c : s) {
        out.append(char(c.unicode() & 0xFF));
        out.append(char(c.unicode() >> 8));
    }
    return out;
}
// Builds AppCompatCache values by the documented byte layouts, writing every
// field at an explicit offset (no structs shared with the decoder).
struct Bytes {
    QByteArray d;
    explicit Bytes(qsizetype size) : d(size, '\0') {}
    void u16(qsizetype at, quint16 v) {
        for (int i = 0; i < 2; ++i)
            d[at + i] = char((v >> (8 * i)) & 0xFF);
    }
    void u32(qsizetype at, quint32 v) {
        for (int i = 0; i < 4; ++i)
            d[at + i] = char((v >> (8 * i)) & 0xFF);
    }
    void u64(qsizetype at, quint64 v) {
        for (int i = 0; i < 8; ++i)
            d[at + i] = char((v >> (8 * i)) & 0xFF);
    }
    void raw(qsizetype at, const QByteArray &b) { d.replace(at, b.size(), b); }
};
parsers::registry::ShimCacheResult decode(const QByteArray &d) {
    return parsers::registry::decodeShimCache(
        ByteView(reinterpret_cast<const std::uint8_t *>(d.constData()), std::size_t(d.size())));
}
struct OldEntry {
    QString path;
    quint64 filetime;
    quint64 sizeOrFlags;  // 2003: file size; Vista/7: insert flags | shim flags << 32
};
// 0xbadc0ffe (2003/Vista) and 0xbadc0fee (7): header, fixed entries, then the paths.
QByteArray nt6Value(quint32 magic, bool is64, const QList<OldEntry> &entries) {
    const bool win7 = magic == 0xbadc0feeu;
    const qsizetype header = win7 ? 128 : 8;
    const qsizetype entrySize = win7 ? (is64 ? 48 : 32) : (is64 ? 32 : 24);
    qsizetype pathAt = header + entrySize * entries.size();
    qsizetype total = pathAt;
    for (const auto &e : entries)
        total += utf16le(e.path).size() + 2;
    Bytes b(total);
    b.u32(0, magic);
    b.u32(4, quint32(entries.size()));
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const qsizetype at = header + i * entrySize;
        const QByteArray path = utf16le(entries[i].path);
        b.u16(at, quint16(path.size()));
        b.u16(at + 2, quint16(path.size() + 2));
        if (is64) {
            b.u64(at + 8, quint64(pathAt));
            b.u64(at + 16, entries[i].filetime);
            b.u64(at + 24, entries[i].sizeOrFlags);
            if (win7) {
                b.u64(at + 32, 0);        // data size
                b.u64(at + 40, 0);        // data offset
            }
        } else {
            b.u32(at + 4, quint32(pathAt));
            b.u64(at + 8, entries[i].filetime);
            b.u64(at + 16, entries[i].sizeOrFlags);
        }
        b.raw(pathAt, path);
        pathAt += path.size() + 2;
    }
    return b.d;
}
QString rot13(QString s) {
    for (QChar &c : s) {
        const ushort u = c.unicode();
        if (u >= 'a' && u <= 'z')
            c = QChar('a' + (u - 'a' + 13) % 26);
        else if (u >= 'A' && u <= 'Z')
            c = QChar('A' + (u - 'A' + 13) % 26);
    }
    return s;
}
}  // namespace

Q_DECLARE_METATYPE(OldEntry)

class TestRegistryParser : public QObject {
    Q_OBJECT
private slots:
    void shimCache_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("firstPath");
        QTest::addColumn<quint64>("firstFiletime");
        QTest::newRow("Win10") << "Win10_trunc.bin" << "Windows 10" << "C:\\WINDOWS\\System32\\vds.exe"
                               << quint64(0x01D05E3419469DECULL);
        QTest::newRow("Win10 Creators") << "Win10Creators_trunc.bin" << "Windows 10 Creators" << QString() << quint64(0);
    }
    void shimCache() {
        QFETCH(QString, file);
        QFETCH(QString, format);
        QFETCH(QString, firstPath);
        QFETCH(quint64, firstFiletime);
        HARRIER_REQUIRE_CORPUS(path, "endpoint_triage/velociraptor_testdata/AppCompatCache/" + file);
        const QByteArray data = readAll(path);
        const auto r = parsers::registry::decodeShimCache(
            ByteView(reinterpret_cast<const std::uint8_t *>(data.constData()), std::size_t(data.size())));
        QCOMPARE(QString::fromStdString(r.format), format);
        QVERIFY(r.entries.size() > 3);
        // The files are truncated to 4096 bytes: the last entry is cut, which must be an error, not a crash.
        QVERIFY(!r.errors.empty());
        if (!firstPath.isEmpty()) {
            QCOMPARE(QString::fromStdString(r.entries.front().path), firstPath);
            QVERIFY(r.entries.front().modified);
            QCOMPARE(r.entries.front().modified->micros, UtcTime::fromFiletime(firstFiletime)->micros);
        } else {
            QVERIFY(QString::fromStdString(r.entries.front().path).startsWith("C:\\Program Files (x86)\\"));
        }
    }
    void shimCacheWindowsXp() {
        // plaso's testProcessWindowsXP value (tests/parsers/winreg_plugins/
        // appcompatcache.py), rebuilt field by field: one entry whose 528-byte
        // path field holds a second, stale string after the NUL; plaso expects
        // the path below and two events (modification and last update time).
        Bytes b(400 + 552);
        b.u32(0, 0xdeadbeef);
        b.u32(4, 1);
        b.u32(8, 1);
        b.u32(12, 1);
        b.raw(400, utf16le(QStringLiteral("\\??\\C:\\WINDOWS\\system32\\hticons.dll")) + QByteArray(2, '\0') +
                       utf16le(QStringLiteral("Download\\b7f0b2892b21211a5630518d058f48d9\\update\\update.exe")));
        b.u64(400 + 528, 0x01c47a2b54e9b000ULL);
        b.u64(400 + 536, 0xae00);
        b.u64(400 + 544, 0x01ca39e9c70ed362ULL);
        const auto r = decode(b.d);
        QCOMPARE(QString::fromStdString(r.format), QStringLiteral("Windows XP (32-bit)"));
        QVERIFY(r.errors.empty());
        QCOMPARE(r.entries.size(), std::size_t(1));
        const auto &e = r.entries[0];
        QCOMPARE(QString::fromStdString(e.path), QStringLiteral("\\??\\C:\\WINDOWS\\system32\\hticons.dll"));
        QCOMPARE(e.modified->micros, UtcTime::fromFiletime(0x01c47a2b54e9b000ULL)->micros);
        QCOMPARE(e.lastUpdate->micros, UtcTime::fromFiletime(0x01ca39e9c70ed362ULL)->micros);
        QCOMPARE(*e.fileSize, quint64(0xae00));
        QCOMPARE(e.offset, std::int64_t(400));
        // Cut inside the entry: an error, no entry, no crash.
        const auto cut = decode(b.d.left(700));
        QVERIFY(cut.entries.empty());
        QCOMPARE(cut.errors.size(), std::size_t(1));
    }
    void shimCacheOlderLayouts_data() {
        QTest::addColumn<quint32>("magic");
        QTest::addColumn<bool>("is64");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QList<OldEntry>>("entries");
        // plaso's testProcessWindows2003 and testProcessWindowsVista values
        // (one 32-bit entry each, path at 0x20), rebuilt from their fields.
        QTest::newRow("plaso 2003") << 0xbadc0ffeu << false << "Windows 2003 (32-bit)"
            << QList<OldEntry>{{"\\??\\C:\\WINDOWS\\Microsoft.NET\\Framework\\v1.1.4322\\ngen.exe", 0x01c2f24476863500ULL, 0x12000}};
        QTest::newRow("plaso Vista") << 0xbadc0ffeu << false << "Windows Vista/2008 (32-bit)"
            << QList<OldEntry>{{"\\??\\C:\\Windows\\SYSTEM32\\WISPTIS.EXE", 0x01c6fe7b5e87fec2ULL, 3}};
        const QList<OldEntry> two{{"\\??\\C:\\Windows\\PSEXESVC.EXE", 0x01cd11ff6a0f6f64ULL, 2},
                                  {"\\??\\C:\\Users\\a\\évil.exe", 0x01d0000000000000ULL, 0}};
        const QList<OldEntry> sized{{"\\??\\C:\\WINDOWS\\system32\\cmd.exe", 0x01c6a5a5a5a5a5a5ULL, 389120},
                                    {"\\??\\C:\\tools\\x.exe", 0x01c7000000000000ULL, 7}};
        QTest::newRow("2003 64-bit") << 0xbadc0ffeu << true << "Windows 2003 (64-bit)" << sized;
        QTest::newRow("Vista 64-bit") << 0xbadc0ffeu << true << "Windows Vista/2008 (64-bit)" << two;
        QTest::newRow("7 32-bit") << 0xbadc0feeu << false << "Windows 7 (32-bit)" << two;
        QTest::newRow("7 64-bit") << 0xbadc0feeu << true << "Windows 7 (64-bit)" << two;
    }
    void shimCacheOlderLayouts() {
        QFETCH(quint32, magic);
        QFETCH(bool, is64);
        QFETCH(QString, format);
        QFETCH(QList<OldEntry>, entries);
        const QByteArray value = nt6Value(magic, is64, entries);
        const auto r = decode(value);
        QCOMPARE(QString::fromStdString(r.format), format);
        QVERIFY(r.errors.empty());
        QCOMPARE(int(r.entries.size()), int(entries.size()));
        const bool hasSize = format.contains(QStringLiteral("2003"));
        for (qsizetype i = 0; i < entries.size(); ++i) {
            const auto &e = r.entries[std::size_t(i)];
            QCOMPARE(QString::fromStdString(e.path), entries[i].path);
            QCOMPARE(e.modified->micros, UtcTime::fromFiletime(entries[i].filetime)->micros);
            if (hasSize) {
                QCOMPARE(*e.fileSize, entries[i].sizeOrFlags);
                QVERIFY(!e.insertFlags);
            } else {
                QCOMPARE(*e.insertFlags, quint32(entries[i].sizeOrFlags));
                QCOMPARE(*e.shimFlags, quint32(0));
                QVERIFY(!e.fileSize);
            }
        }
        // A value cut inside its last entry keeps the entries before it.
        const qsizetype header = magic == 0xbadc0feeu ? 128 : 8;
        const auto cut = decode(value.left(header + 20));
        QCOMPARE(cut.errors.size(), std::size_t(1));
        QVERIFY(cut.entries.empty());
    }
    void shimCacheWindows80Time() {
        // xxd/struct-read from Win80_trunc.bin: the first entry's path
        // (70 bytes at 0x8E) is followed by a 2-byte package-name length (0),
        // insert flags, shim flags, then FILETIME 60 96 4f a7 dd 6a cd 01
        // (2012-07-26 03:20:49.094 UTC).
        HARRIER_REQUIRE_CORPUS(path, "endpoint_triage/velociraptor_testdata/AppCompatCache/Win80_trunc.bin");
        const auto r = decode(readAll(path));
        QCOMPARE(QString::fromStdString(r.entries.at(0).path), QStringLiteral("SYSVOL\\Windows\\System32\\LogonUI.exe"));
        QCOMPARE(r.entries.at(0).modified->micros, UtcTime::fromFiletime(0x01cd6adda74f9660ULL)->micros);
        QCOMPARE(UtcTime::fromFiletime(0x01cd6adda74f9660ULL)->micros,
                 UtcTime::parseIso8601("2012-07-26T03:20:49.094Z")->micros);
    }
    void windows8ShimCache_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("8.0") << "Win80_trunc.bin";
        QTest::newRow("8.1") << "Win81_trunc.bin";
    }
    void windows8ShimCache() {
        QFETCH(QString, file);
        HARRIER_REQUIRE_CORPUS(path, "endpoint_triage/velociraptor_testdata/AppCompatCache/" + file);
        const QByteArray data = readAll(path);
        const auto r = parsers::registry::decodeShimCache(
            ByteView(reinterpret_cast<const std::uint8_t *>(data.constData()), std::size_t(data.size())));
        QVERIFY(r.format.starts_with("Windows 8"));
        QVERIFY(!r.entries.empty());
        for (const auto &e : r.entries)  // paths are drive or device paths, never garbage
            QVERIFY2(e.path.find('\\') != std::string::npos, e.path.c_str());
    }
    void ntuserUserAssist() {
        HARRIER_REQUIRE_CORPUS(path, "endpoint_triage/velociraptor_testdata/ntuser.dat");
        const QByteArray raw = readAll(path);
        parsers::registry::RegistryParser parser;
        CollectingSink sink;
        ingest::Confidence c{};
        const auto r = test::runParser(parser, path, sink, &c);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(c, ingest::Confidence::Magic);
        const auto ua = sink.eventsOfType("windows:registry:userassist");
        QVERIFY(!ua.empty());
        for (const auto *e : ua) {
            QCOMPARE(e->timestampDesc, std::string("UserAssist Last Run"));
            QString program = QString::fromStdString(e->message).mid(QStringLiteral("UserAssist: ").size());
            program = program.left(program.lastIndexOf(" (run count"));
            // Value names are stored as ASCII when they can be, else UTF-16LE.
            const QString encoded = rot13(program);
            QVERIFY2(raw.contains(encoded.toLatin1()) || raw.contains(utf16le(encoded)), qPrintable(program));
        }
        QVERIFY(sink.counts.at(test::kItemId).reconciles());
    }
    void hivesIngest_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expectedType");
        QTest::newRow("velociraptor Amcache") << "endpoint_triage/velociraptor_testdata/Amcache.hve" << "windows:registry:amcache";
        QTest::newRow("plaso Amcache") << "endpoint_triage/plaso_test_data/winreg/Amcache.hve" << "windows:registry:amcache";
        QTest::newRow("UsrClass") << "endpoint_triage/velociraptor_testdata/UsrClass.dat" << "";
        QTest::newRow("SAM") << "endpoint_triage/velociraptor_testdata/SAM" << "";
    }
    void hivesIngest() {
        QFETCH(QString, file);
        QFETCH(QString, expectedType);
        HARRIER_REQUIRE_CORPUS(path, file);
        const QByteArray raw = readAll(path);
        parsers::registry::RegistryParser parser;
        CollectingSink sink;
        const auto r = test::runParser(parser, path, sink);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QVERIFY(sink.counts.at(test::kItemId).reconciles());
        if (!expectedType.isEmpty()) {
            QVERIFY(!sink.eventsOfType(expectedType.toStdString()).empty());
            int sha1s = 0;
            for (const auto &o : sink.observables) {
                if (o.kind != "sha1")
                    continue;
                ++sha1s;
                QVERIFY2(raw.contains(utf16le(QString::fromStdString(o.value))), o.value.c_str());
            }
            QVERIFY(sha1s > 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestRegistryParser)
#include "tst_registry_parser.moc"
