// PR_RTF_COMPRESSED against [MS-OXRTFCP]'s own worked examples (section 4.1,
// "Simple Compressed RTF", and 4.2, a dictionary reference that crosses the
// write position): the spec prints each stream byte by byte with its header
// fields (COMPSIZE, RAWSIZE, CRC) and the decompressed text. Uncompressed
// (MELA) streams are built from the spec's ABNF (CRC must be zero).
#include <QtTest>

#include <string>
#include <vector>

#include "parsers/outlook/rtf_compression.h"

using harrier::ByteView;
using harrier::parsers::outlook::RtfCompression;

namespace {

std::vector<std::uint8_t> fromHex(const char *hex) {
    const QByteArray bytes = QByteArray::fromHex(hex);
    return std::vector<std::uint8_t>(bytes.begin(), bytes.end());
}

ByteView view(const std::vector<std::uint8_t> &v) { return ByteView(v.data(), v.size()); }

// [MS-OXRTFCP] 4.1: COMPSIZE 0x2d, RAWSIZE 0x2b, COMPTYPE "LZFu", CRC 0xa7c7c5f1.
const char *kSpec1 = "2d0000002b0000004c5a4675f1c5c7a703000a007263706731323542320af32068656c090020627705b06c647d0a800fa0";
const std::string kSpec1Text = "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n";
// [MS-OXRTFCP] 4.2: COMPSIZE 0x1a, RAWSIZE 0x1c, CRC 0x514bd4e2; the reference
// at offset 0xCF length 5 reads bytes it is writing ("WXYZ" repeated).
const char *kSpec2 = "1a0000001c0000004c5a4675e2d44b51410004205758595a0d6e7d010eb0";
const std::string kSpec2Text = "{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}";

std::uint32_t le32(const std::vector<std::uint8_t> &v, std::size_t at) {
    return std::uint32_t(v[at]) | std::uint32_t(v[at + 1]) << 8 | std::uint32_t(v[at + 2]) << 16 |
           std::uint32_t(v[at + 3]) << 24;
}

std::vector<std::uint8_t> mela(const std::string &text, std::uint32_t crc = 0) {
    std::vector<std::uint8_t> out;
    auto put = [&](std::uint32_t v) {
        for (int i = 0; i < 4; ++i)
            out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    };
    put(static_cast<std::uint32_t>(text.size() + 12));
    put(static_cast<std::uint32_t>(text.size()));
    put(0x414C454D);  // "MELA"
    put(crc);
    out.insert(out.end(), text.begin(), text.end());
    return out;
}

}  // namespace

class TestRtfCompression : public QObject {
    Q_OBJECT
private slots:
    void specExamplesDecompress_data() {
        QTest::addColumn<QByteArray>("hex");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<quint32>("crc");
        QTest::newRow("4.1 simple") << QByteArray(kSpec1) << QByteArray::fromStdString(kSpec1Text) << quint32(0xa7c7c5f1);
        QTest::newRow("4.2 crosses write position")
            << QByteArray(kSpec2) << QByteArray::fromStdString(kSpec2Text) << quint32(0x514bd4e2);
    }
    void specExamplesDecompress() {
        QFETCH(QByteArray, hex);
        QFETCH(QByteArray, expected);
        QFETCH(quint32, crc);
        const auto data = fromHex(hex.constData());
        QCOMPARE(le32(data, 4), static_cast<std::uint32_t>(expected.size()));  // RAWSIZE as the spec prints it
        QCOMPARE(le32(data, 12), crc);
        QCOMPARE(RtfCompression::crc(ByteView(data.data() + 16, data.size() - 16)), crc);
        QVERIFY(RtfCompression::crcMatches(view(data)));
        auto text = RtfCompression::decompress(view(data));
        QVERIFY(text);
        QCOMPARE(QByteArray::fromStdString(*text), expected);
    }

    void crcMismatchIsDetectedButTextKept() {
        auto data = fromHex(kSpec1);
        // Byte 21 is the literal 'c' of "cpg1252" (bytes 17-20 are two dictionary
        // references, "{\rtf1\ansi\" and "ansi"): the stream stays decodable.
        QCOMPARE(data[21], std::uint8_t('c'));
        data[21] = 'b';
        QVERIFY(!RtfCompression::crcMatches(view(data)));
        auto text = RtfCompression::decompress(view(data));
        QVERIFY(text);
        std::string damaged = kSpec1Text;
        damaged[damaged.find("cpg")] = 'b';
        QCOMPARE(*text, damaged);
        // A wrong stored CRC on intact contents is a mismatch too.
        auto wrongCrc = fromHex(kSpec1);
        wrongCrc[12] ^= 0xFF;
        QVERIFY(!RtfCompression::crcMatches(view(wrongCrc)));
        QCOMPARE(*RtfCompression::decompress(view(wrongCrc)), kSpec1Text);
    }

    void emptyCrcIsZero() { QCOMPARE(RtfCompression::crc(ByteView()), 0u); }

    void truncatedStreamsGiveAPrefixOrAnError() {
        // Every cut of both spec streams: nothing but a prefix of the real
        // text (or an error), never a crash.
        for (const auto &[hex, expected] : {std::pair{kSpec1, kSpec1Text}, std::pair{kSpec2, kSpec2Text}}) {
            const auto full = fromHex(hex);
            for (std::size_t n = 0; n < full.size(); ++n) {
                const std::vector<std::uint8_t> cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
                auto text = RtfCompression::decompress(view(cut));
                if (n < 16) {
                    QVERIFY2(!text, qPrintable(QStringLiteral("header cut at %1 accepted").arg(n)));
                    continue;
                }
                // (A cut that loses only the end marker still yields all RAWSIZE bytes.)
                if (text)
                    QVERIFY2(expected.starts_with(*text),
                             qPrintable(QStringLiteral("cut at %1: %2").arg(n).arg(QString::fromStdString(*text))));
            }
        }
    }

    void hostileRawSizeIsCapped() {
        auto data = fromHex(kSpec2);
        data[4] = data[5] = data[6] = data[7] = 0xFF;  // RAWSIZE 4 GiB
        auto text = RtfCompression::decompress(view(data), 16);
        QVERIFY(text);
        QCOMPARE(*text, kSpec2Text.substr(0, 16));
    }

    void unknownTypeIsRefused() {
        auto data = fromHex(kSpec1);
        data[8] = 'X';
        QVERIFY(!RtfCompression::decompress(view(data)));
    }

    void uncompressedMela() {
        const std::string rtf = "{\\rtf1\\ansi\\ansicpg1252\\pard test}";
        const auto data = mela(rtf);
        QVERIFY(RtfCompression::crcMatches(view(data)));
        QCOMPARE(*RtfCompression::decompress(view(data)), rtf);
        // The spec requires CRC zero for MELA; anything else is reported.
        QVERIFY(!RtfCompression::crcMatches(view(mela(rtf, 0xCE12DF20))));
        // RAWSIZE shorter than the data: only RAWSIZE bytes are text.
        auto shorter = mela(rtf);
        shorter[4] = 5;
        QCOMPARE(*RtfCompression::decompress(view(shorter)), rtf.substr(0, 5));
    }
};

QTEST_GUILESS_MAIN(TestRtfCompression)
#include "tst_rtf_compression.moc"
