// A winmail.dat attached to an Outlook item (PST or MSG) is expanded by the
// same TNEF mechanism as mail: OutlookEmitter::attachment (what PstReader and
// MsgReader call for every attachment) hands it to the real pipeline, whose
// TNEF parser claims it by magic. No PST/MSG in the corpus carries one and no
// writer exists, so a probe parser stands in for the reader and attaches a real
// TNEF file from MimeKit's test data. Expected names and contents are
// MimeKit's own extraction of the same sample (TestData/tnef/<name>/, minus
// message.*, the body); SHA-256 computed here with QCryptographicHash.
// GLib (through GMime) names a member `signals`: its headers go before Qt's macro.
#include "parsers/mail/gmime_util.h"
#include "parsers/outlook/outlook_emitter.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "casestore/case_db.h"
#include "casestore/case_reader.h"
#include "ingest/parser_registry.h"
#include "ingest/pipeline.h"
#include "support/test_support.h"

using namespace harrier;

namespace {

/// Stands in for PstReader/MsgReader: one IPM.Note with one attachment.
class ProbeReader final : public ingest::Parser {
public:
    explicit ProbeReader(QByteArray attachment) : m_attachment(std::move(attachment)) {}
    const ingest::ParserInfo &info() const noexcept override {
        static const ingest::ParserInfo i{"outlook-probe", "test: one Outlook item with one attachment", {"probe"}};
        return i;
    }
    ingest::Confidence sniff(ByteView, std::string_view name) const override {
        return name == "item.probe" ? ingest::Confidence::Magic : ingest::Confidence::None;
    }
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out, const ingest::ParseContext &ctx) override {
        parsers::mail::ensureGmime();
        parsers::outlook::OutlookEmitter emitter(out, ctx);
        parsers::outlook::OutlookItem msg;
        msg.messageClass = "IPM.Note";
        msg.subject = "TNEF probe";
        msg.attachmentCount = 1;
        parsers::outlook::Placement placement;
        placement.parentId = item.objectId;
        placement.containerId = item.objectId;
        placement.path = item.path + "#/Inbox/1";
        placement.attributes.push_back(casestore::Attribute::ofText("outlook_source", "pst"));
        auto stored = emitter.store(msg, placement);
        parsers::outlook::OutlookAttachment meta;
        meta.filename = "winmail.dat";
        meta.mimeTag = "application/ms-tnef";
        meta.method = 1;  // ATTACH_BY_VALUE
        emitter.attachment(stored, meta,
                           ByteView(reinterpret_cast<const std::uint8_t *>(m_attachment.constData()),
                                    static_cast<std::size_t>(m_attachment.size())));
        emitter.finish(stored);
        return {};
    }

private:
    QByteArray m_attachment;
};

QString sha256(const QByteArray &data) {
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

const casestore::Attribute *attr(const casestore::ObjectRecord &o, const char *name) {
    for (const auto &a : o.attributes)
        if (a.name == name)
            return &a;
    return nullptr;
}

}  // namespace

class TestOutlookTnef : public QObject {
    Q_OBJECT
private slots:
    void winmailDatInOutlookItemIsExpanded_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("attachments") << QStringLiteral("attachments");  // an HTML page and a JPEG
        QTest::newRow("two-files") << QStringLiteral("two-files");
    }
    void winmailDatInOutlookItemIsExpanded() {
        QFETCH(QString, name);
        HARRIER_REQUIRE_CORPUS(dir, QStringLiteral("email_mimekit/tnef/") + name);
        QFile tnef(dir + QStringLiteral(".tnef"));
        QVERIFY(tnef.open(QIODevice::ReadOnly));
        // MimeKit's extraction: name -> SHA-256. Its git checkout turned CRLF
        // into LF in text files, so both sides are compared with CRs removed
        // (binary files carry none), as tst_mail_corpus does.
        std::map<QString, QString> expected;
        for (const QString &f : QDir(dir).entryList(QDir::Files)) {
            if (f.startsWith(QStringLiteral("message.")))
                continue;
            QFile file(dir + QLatin1Char('/') + f);
            QVERIFY(file.open(QIODevice::ReadOnly));
            expected[f] = sha256(file.readAll().replace("\r", ""));
        }
        QVERIFY(!expected.empty());

        QTemporaryDir tmp;
        QFile probe(tmp.path() + QStringLiteral("/item.probe"));
        QVERIFY(probe.open(QIODevice::WriteOnly));
        probe.write("probe");
        probe.close();
        const std::string casePath = (tmp.path() + QStringLiteral("/t.hcase")).toStdString();
        auto db = casestore::CaseDb::create(casePath, "tnef", "test");
        QVERIFY(db);
        ingest::ParserRegistry registry = ingest::defaultParsers();
        registry.add(std::make_unique<ProbeReader>(tnef.readAll()));
        {
            auto pipeline = ingest::Pipeline::create(**db, registry, {});
            QVERIFY(pipeline);
            NullProgress progress;
            auto report = (*pipeline)->ingest(probe.fileName().toStdString(), {}, progress);
            QVERIFY(report);
            QVERIFY((*pipeline)->finish());
        }

        casestore::CaseReader reader(**db);
        // Find the winmail.dat attachment under the email.
        std::optional<casestore::ObjectRecord> winmail;
        auto sources = reader.sources();
        QVERIFY(sources && sources->size() == 1);
        std::vector<casestore::ObjectId> queue{(*sources)[0].source.id};
        while (!queue.empty() && !winmail) {
            const auto id = queue.back();
            queue.pop_back();
            auto kids = reader.children(id);
            QVERIFY(kids);
            for (const auto &k : *kids) {
                if (k.kind == "attachment" && k.name == "winmail.dat")
                    winmail = *reader.object(k.id);
                queue.push_back(k.id);
            }
        }
        QVERIFY(winmail);
        QCOMPARE(QString::fromStdString(reader.object(winmail->parentId)->kind), QStringLiteral("email"));

        auto kids = reader.children(winmail->id);
        QVERIFY(kids);
        std::map<QString, QString> got;
        int bodies = 0;
        for (const auto &k : *kids) {
            auto full = reader.object(k.id);
            QVERIFY(full);
            QCOMPARE(QString::fromStdString(full->kind), QStringLiteral("attachment"));
            QVERIFY(attr(*full, "from_tnef"));
            // Stored hash and blob agree with each other and with the bytes.
            QVERIFY(!full->blobSha256.empty());
            auto blob = reader.blob(full->blobSha256);
            QVERIFY(blob);
            const QByteArray bytes(reinterpret_cast<const char *>(blob->data()), static_cast<qsizetype>(blob->size()));
            QCOMPARE(QString::fromStdString(full->sha256), sha256(bytes));
            if (attr(*full, "tnef_body")) {
                ++bodies;
                continue;
            }
            QByteArray noCr = bytes;
            got[QString::fromStdString(full->name)] = sha256(noCr.replace("\r", ""));
        }
        QCOMPARE(got, expected);
        QVERIFY(bodies <= 1);
        // The TNEF is a container of its own: seen = stored, nothing failed.
        auto containers = reader.containers((*sources)[0].source.id);
        QVERIFY(containers);
        bool counted = false;
        for (const auto &c : *containers)
            if (c.containerId == winmail->id) {
                counted = true;
                QCOMPARE(static_cast<int>(c.seen), static_cast<int>(kids->size()));
                QCOMPARE(static_cast<int>(c.failed), 0);
            }
        QVERIFY(counted);
    }
};

QTEST_GUILESS_MAIN(TestOutlookTnef)
#include "tst_outlook_tnef.moc"
