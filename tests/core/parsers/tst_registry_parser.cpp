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
