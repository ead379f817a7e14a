// PST attachments over PstReader's in-memory limit (96 MiB) are streamed from
// libpff in chunks. No corpus PST has such an attachment, so the test lowers
// the limit to 0 (every data attachment streamed) and checks against
// independent answers: the SHA-256 of every attachment file pffexport
// (pff-tools) exports from the same PST, and the in-memory path's results.
#include "parsers/outlook/pst_reader.h"
#include "pst_test_input.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

#include "support/test_support.h"

using namespace harrier;

namespace {

/// Keeps what a parser emits and reads every nested stream to its end, as the
/// pipeline does, hashing it with Qt's SHA-256 (not Harrier's hashing).
class HashingSink final : public ingest::ArtifactSink {
public:
    struct Nested {
        QString sha256;
        std::uint64_t size = 0;
        bool notInspected = false;
    };
    casestore::ObjectId newObjectId() override { return ++m_next; }
    void addObject(casestore::ObjectRecord) override {}
    void addEvent(casestore::EventRecord) override {}
    void addObservable(casestore::ObservableRecord) override {}
    std::string storeBlob(ByteView) override { return {}; }
    void addError(casestore::ObjectId, std::string path, std::optional<std::int64_t>, std::string reason,
                  casestore::ErrorSeverity) override {
        errors.push_back(QString::fromStdString(path + ": " + reason));
    }
    void setCounts(casestore::ContainerCounts) override {}
    ingest::NestedOutcome ingestNested(casestore::ObjectId, ingest::NestedItem item, ingest::ByteStream &content) override {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        std::vector<std::uint8_t> buf(1 << 16);  // the pipeline's chunk order of magnitude
        Nested n;
        for (;;) {
            auto got = content.read(buf);
            if (!got) {
                errors.push_back(QString::fromStdString(item.path + ": " + got.error().message));
                return {};
            }
            if (*got == 0)
                break;
            hash.addData(QByteArrayView(reinterpret_cast<const char *>(buf.data()), static_cast<qsizetype>(*got)));
            n.size += *got;
        }
        n.sha256 = QString::fromLatin1(hash.result().toHex());
        for (const auto &a : item.attributes)
            n.notInspected = n.notInspected || a.name == "not_inspected";
        nested[QString::fromStdString(item.path)] = n;
        return {++m_next, n.sha256.toStdString(), n.size, {}};
    }

    std::map<QString, Nested> nested;
    QStringList errors;

private:
    casestore::ObjectId m_next = 100;
};

void runReader(const QString &pst, HashingSink &sink, std::uint64_t streamAbove) {
    const ingest::ItemInput item = test::pstItemInput(pst, "Outlook.pst");
    ingest::ParseContext ctx;
    parsers::outlook::PstReader reader(item, sink, ctx, streamAbove);
    QVERIFY(reader.run());
}

/// SHA-256 of every file pffexport writes into an item's Attachments directory.
std::multiset<QString> pffexportAttachmentHashes(const QString &pst, const QString &tmp) {
    std::multiset<QString> out;
    QProcess p;
    p.setWorkingDirectory(tmp);
    p.start(QStringLiteral("pffexport"), {QStringLiteral("-m"), QStringLiteral("items"), QStringLiteral("-t"),
                                          tmp + QStringLiteral("/x"), pst});
    if (!p.waitForFinished(300000) || p.exitCode() != 0)
        return out;
    QDirIterator it(tmp + QStringLiteral("/x.export"), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        // Attachment files sit directly in an Attachments directory; attached
        // messages are directories below it (their own attachments included).
        if (it.fileInfo().dir().dirName() != QStringLiteral("Attachments"))
            continue;
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            out.insert(QString::fromLatin1(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex()));
    }
    return out;
}

}  // namespace

class TestPstAttachmentStream : public QObject {
    Q_OBJECT
private slots:
    void streamedAttachmentsMatchPffexportAndInMemory() {
        HARRIER_REQUIRE_CORPUS(pst, "outlook_pst_msg/pst/velociraptor/Outlook.pst");
        HashingSink whole, streamed;
        runReader(pst, whole, parsers::outlook::PstReader::kMaxInMemoryAttachment);
        runReader(pst, streamed, 0);
        QVERIFY2(streamed.errors.isEmpty(), qPrintable(streamed.errors.join('\n')));
        QVERIFY(!whole.nested.empty());
        QCOMPARE(streamed.nested.size(), whole.nested.size());
        std::multiset<QString> ours;
        for (const auto &[path, n] : whole.nested) {
            QVERIFY(!n.notInspected);
            const auto it = streamed.nested.find(path);
            QVERIFY2(it != streamed.nested.end(), qPrintable(path));
            QCOMPARE(it->second.sha256, n.sha256);
            QCOMPARE(it->second.size, n.size);
            QVERIFY(it->second.notInspected || n.size == 0);
            ours.insert(n.sha256);
        }
        QTemporaryDir tmp;
        const auto expected = pffexportAttachmentHashes(pst, tmp.path());
        QVERIFY(!expected.empty());
        for (const QString &h : expected)
            QVERIFY2(ours.count(h) > 0, qPrintable(QStringLiteral("pffexport attachment %1 not streamed").arg(h)));
        qInfo("%zu attachments streamed, %zu pffexport attachment files matched", streamed.nested.size(), expected.size());
    }
};

QTEST_GUILESS_MAIN(TestPstAttachmentStream)
#include "tst_pst_attachment_stream.moc"
