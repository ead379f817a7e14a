// The Outlook set of the shared corpus (PST/OST and MSG) through the real
// CLI, checked against answers from outside Harrier: pffexport's and
// readpst's exports counted item by item, python3's email package reading
// the perl module's expected .eml twins, msg-extractor's expected outputs
// and sha256sum of its extracted attachments, and Harrier's own EML path on
// the same mails (the header analysis must agree).
#include <QDirIterator>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

#include <map>
#include <set>

#include "mail_test_util.h"
#include "parsers/outlook/outlook_parsers.h"

using namespace harrier;
using harrier::test::attr;

namespace {

const QString kSet = QStringLiteral("outlook_pst_msg");
const std::set<std::string> kItemKinds{"email", "calendar_item", "contact", "task", "note", "distribution_list",
                                       "journal_entry"};

/// Every stored Outlook item (top-level items of folders and .msg files,
/// attached messages included) of the case.
std::vector<casestore::ObjectRecord> items(const casestore::CaseDb &db) {
    std::vector<casestore::ObjectRecord> out;
    for (const auto &k : kItemKinds)
        for (auto &o : test::objectsOfKind(db, k))
            if (attr(o, "outlook_source"))
                out.push_back(std::move(o));
    return out;
}

/// pffexport's items per folder: directories named <Type>NNNNN under the
/// .export tree, not inside an item's Attachments directory. Items of types
/// it does not export (IPM.Post, free/busy data) it reports as "Skipped item
/// N out of M of type: X." lines; those are counted under "(skipped)".
std::map<QString, int> pffexportCounts(const QString &pst, const QString &tmp) {
    std::map<QString, int> out;
    QProcess p;
    p.setWorkingDirectory(tmp);
    p.start(QStringLiteral("pffexport"), {QStringLiteral("-m"), QStringLiteral("items"),
                                          QStringLiteral("-t"), tmp + QStringLiteral("/x"), pst});
    if (!p.waitForFinished(300000) || p.exitCode() != 0)
        return out;
    out[QStringLiteral("(skipped)")] = int(QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError())
                                               .count(QStringLiteral("Skipped item ")));
    const QString root = tmp + QStringLiteral("/x.export");
    static const QRegularExpression itemDir(QStringLiteral("^([A-Za-z]+)[0-9]{5}$"));
    QDirIterator it(root, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString rel = path.mid(root.size());
        const auto m = itemDir.match(it.fileName());
        if (!m.hasMatch() || m.captured(1) == QStringLiteral("Folder") || m.captured(1) == QStringLiteral("Attachment") ||
            rel.contains(QStringLiteral("/Attachments/")))
            continue;
        QString folder = rel.left(rel.lastIndexOf(QLatin1Char('/')));
        out[folder.isEmpty() ? QStringLiteral("/") : folder] += 1;
    }
    return out;
}

/// readpst -e writes one file per message, appointment and contact (it
/// skips distribution lists).
int readpstCount(const QString &pst, const QString &tmp) {
    QDir().mkpath(tmp + QStringLiteral("/rp"));
    QProcess p;
    p.start(QStringLiteral("readpst"), {QStringLiteral("-q"), QStringLiteral("-e"), QStringLiteral("-D"),
                                        QStringLiteral("-o"), tmp + QStringLiteral("/rp"), pst});
    if (!p.waitForFinished(300000) || p.exitCode() != 0)
        return -1;
    int n = 0;
    QDirIterator it(tmp + QStringLiteral("/rp"), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

/// [MS-PST] 5.3 ComputeCRC: CRC-32 (reflected 0xEDB88320), seed 0, no final XOR.
quint32 pstCrc(const char *data, qsizetype n) {
    quint32 c = 0;
    for (qsizetype i = 0; i < n; ++i) {
        c ^= static_cast<quint8>(data[i]);
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    }
    return c;
}

quint32 le32(const QByteArray &b, qsizetype at) {
    return quint32(quint8(b[at])) | quint32(quint8(b[at + 1])) << 8 | quint32(quint8(b[at + 2])) << 16 |
           quint32(quint8(b[at + 3])) << 24;
}

void putLe32(QByteArray &b, qsizetype at, quint32 v) {
    for (int i = 0; i < 4; ++i)
        b[at + i] = static_cast<char>(v >> (8 * i));
}

QString pffinfo(const QString &path) {
    QProcess p;
    p.start(QStringLiteral("pffinfo"), {path});
    if (!p.waitForFinished(120000))
        return {};
    return QString::fromUtf8(p.readAllStandardOutput());
}

QString normalized(QString s) {
    s.replace(QStringLiteral("\r"), QString());
    return s.simplified();
}

const char *kPyEml =
    "import email, sys, json\n"
    "from email import policy\n"
    "m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)\n"
    "b = m.get_body(preferencelist=('plain',))\n"
    "print(json.dumps({'subject': str(m['subject'] or ''), 'from': (m['from'].addresses[0].addr_spec if m['from'] else ''),\n"
    "  'body': (b.get_content() if b else '')}))\n";

}  // namespace

class TestOutlookCorpus : public QObject {
    Q_OBJECT
private slots:
    void pstCountsMatchPffexportAndReadpst_data() {
        QTest::addColumn<QString>("rel");
        for (const char *p : {"pst/velociraptor/Outlook.pst", "pst/java-libpst/dist-list.pst",
                              "pst/java-libpst/passworded.pst", "pst/pstsdk_via_pst-exp/sample1.pst",
                              "pst/pstsdk_via_pst-exp/sample2.pst", "pst/pstsdk_via_pst-exp/submessage.pst",
                              "pst/pstsdk_via_pst-exp/test_ansi.pst", "pst/pstsdk_via_pst-exp/test_unicode.pst"})
            QTest::newRow(p) << QString::fromLatin1(p);
    }
    void pstCountsMatchPffexportAndReadpst() {
        QFETCH(QString, rel);
        HARRIER_REQUIRE_CORPUS(pst, kSet + QStringLiteral("/") + rel);
        QTemporaryDir tmp;
        const auto expected = pffexportCounts(pst, tmp.path());
        int expectedTotal = 0;
        for (const auto &[f, n] : expected)
            expectedTotal += n;
        auto c = test::ingestInto({pst});
        QVERIFY2(c->exitCode == 0, c->err.constData());
        QVERIFY(c->db);
        std::map<QString, int> ours;
        int ourTotal = 0, distLists = 0, recovered = 0;
        for (const auto &o : items(*c->db)) {
            const std::string folder = test::text(o, "folder_path");
            if (folder.empty())
                continue;  // attached message
            if (folder.starts_with("/(")) {
                ++recovered;
                QVERIFY(attr(o, "recovered") || folder == "/(orphan)");
                continue;
            }
            ours[QString::fromStdString(folder)] += 1;
            ++ourTotal;
            distLists += o.kind == "distribution_list";
        }
        QCOMPARE(ourTotal, expectedTotal);
        for (const auto &[folder, n] : expected)
            QVERIFY2(folder == QStringLiteral("(skipped)") || ours[folder] >= n, qPrintable(folder + QStringLiteral(": pffexport %1, Harrier %2").arg(n).arg(ours[folder])));
        // readpst skips distribution lists and some item types: a lower bound only.
        const int rp = readpstCount(pst, tmp.path());
        QVERIFY(rp >= 0 && rp <= ourTotal - distLists);
        // Every folder container reconciles and nothing failed.
        casestore::CaseReader reader(*c->db);
        auto sources = reader.sources();
        QVERIFY(sources && sources->size() == 1);
        auto containers = reader.containers((*sources)[0].source.id);
        QVERIFY(containers);
        for (const auto &k : *containers) {
            QVERIFY(k.reconciles());
            QCOMPARE(k.failed, 0u);
        }
        qInfo("%s: %d items (pffexport %d, readpst %d), %d recovered/orphan", qPrintable(rel), ourTotal, expectedTotal,
              rp, recovered);
    }

    void ostIsRecognisedAndLabelled() {
        // No OST in the corpus: a PST copy in a temp dir becomes one by its
        // header's wMagicClient ("SM" -> "SO", [MS-PST] 2.2.2.6), with
        // dwCRCPartial (offset 4, over the 471 bytes from offset 8) and, in a
        // Unicode header, dwCRCFull (offset 524, over 516 bytes) recomputed.
        HARRIER_REQUIRE_CORPUS(pst, kSet + QStringLiteral("/pst/velociraptor/Outlook.pst"));
        QFile in(pst);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray bytes = in.readAll();
        QCOMPARE(bytes.left(4), QByteArray("!BDN"));
        QCOMPARE(bytes.mid(8, 2), QByteArray("SM"));
        QVERIFY(quint16(quint8(bytes[10]) | quint8(bytes[11]) << 8) >= 23);  // wVer: Unicode, so dwCRCFull exists
        // Our CRC reproduces the CRCs Outlook stored in the original.
        QCOMPARE(pstCrc(bytes.constData() + 8, 471), le32(bytes, 4));
        QCOMPARE(pstCrc(bytes.constData() + 8, 516), le32(bytes, 524));
        bytes[9] = 'O';
        putLe32(bytes, 4, pstCrc(bytes.constData() + 8, 471));
        putLe32(bytes, 524, pstCrc(bytes.constData() + 8, 516));
        QTemporaryDir tmp;
        const QString ost = tmp.path() + QStringLiteral("/Outlook.ost");
        QFile out(ost);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QCOMPARE(out.write(bytes), bytes.size());
        out.close();

        // libpff's own tool calls it an OST, so the synthetic file is a valid one.
        QVERIFY2(pffinfo(ost).contains(QStringLiteral("Offline Storage Tables (OST)")), qPrintable(pffinfo(ost)));
        const QByteArray head = bytes.left(64 * 1024);
        const ByteView headView(reinterpret_cast<const std::uint8_t *>(head.constData()), static_cast<std::size_t>(head.size()));
        parsers::outlook::PstParser parser;
        QVERIFY(parser.sniff(headView, "Outlook.ost") == ingest::Confidence::Magic);
        QVERIFY(parser.sniff(headView, "renamed.bin") == ingest::Confidence::Magic);  // magic, not the name

        const auto expected = pffexportCounts(pst, tmp.path());
        int expectedTotal = 0;
        for (const auto &[f, n] : expected)
            expectedTotal += n;
        QVERIFY(expectedTotal > 0);
        auto c = test::ingestInto({ost});
        QVERIFY2(c->exitCode == 0, c->err.constData());
        QVERIFY(c->db);
        auto stores = test::objectsOfKind(*c->db, "mail_store");
        QCOMPARE(stores.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(test::text(stores[0], "store_format")), QStringLiteral("ost"));
        int ourTotal = 0;
        for (const auto &o : items(*c->db)) {
            QCOMPARE(QString::fromStdString(test::text(o, "outlook_source")), QStringLiteral("ost"));
            const std::string folder = test::text(o, "folder_path");
            ourTotal += !folder.empty() && !folder.starts_with("/(");
        }
        // The same items as pffexport finds in the original PST.
        QCOMPARE(ourTotal, expectedTotal);
    }

    void passwordedPstIsReadAndFlagged() {
        HARRIER_REQUIRE_CORPUS(pst, kSet + QStringLiteral("/pst/java-libpst/passworded.pst"));
        auto c = test::ingestInto({pst});
        QVERIFY(c->db);
        auto stores = test::objectsOfKind(*c->db, "mail_store");
        QCOMPARE(stores.size(), std::size_t(1));
        QVERIFY(attr(stores[0], "password_protected"));
        QVERIFY(!items(*c->db).empty());
    }

    void everyMsgIngests() {
        HARRIER_REQUIRE_CORPUS(dir, kSet + QStringLiteral("/msg"));
        auto c = test::ingestInto({dir});
        QVERIFY2(c->exitCode == 0 || c->exitCode == 4, c->err.constData());
        QVERIFY(c->db);
        casestore::CaseReader reader(*c->db);
        auto sources = reader.sources();
        QVERIFY(sources && sources->size() == 1);
        QCOMPARE(QString::fromLatin1(casestore::toString((*sources)[0].source.status)), QStringLiteral("done"));
        int msgFiles = 0;
        QDirIterator it(dir, {QStringLiteral("*.msg")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            ++msgFiles;
        }
        int top = 0;
        for (const auto &o : items(*c->db))
            top += QString::fromStdString(o.path).endsWith(QStringLiteral(".msg#1"));
        auto errors = reader.errors();
        QVERIFY(errors);
        int fuzzErrors = 0;
        for (const auto &e : *errors)
            fuzzErrors += e.path.find("clusterfuzz") != std::string::npos;
        qInfo("%d .msg files, %d stored as items, %d errors (%d on fuzzer files)", msgFiles, top, int(errors->size()),
              fuzzErrors);
        QVERIFY(fuzzErrors >= 1);  // malformed files are recorded, not silently dropped
        QVERIFY(top >= msgFiles - 3);  // at most the three fuzzer-minimized files fail to open
        // Item types from the message class.
        std::map<std::string, int> kinds;
        for (const auto &o : items(*c->db))
            kinds[o.kind] += 1;
        QVERIFY(kinds["calendar_item"] >= 1);
        QVERIFY(kinds["contact"] >= 1);
        QVERIFY(kinds["task"] >= 1);
        QVERIFY(kinds["note"] >= 1);
    }

    void perlTwinsMatch_data() {
        QTest::addColumn<QString>("base");
        for (const char *b : {"charset", "gpg_signed", "plain_jpeg_attached", "plain_uc_unsent", "plain_uc_wc_unsent",
                              "plain_unsent"})
            QTest::newRow(b) << QString::fromLatin1(b);
    }
    void perlTwinsMatch() {
        QFETCH(QString, base);
        HARRIER_REQUIRE_CORPUS(dir, kSet + QStringLiteral("/msg/perl_email-outlook-message"));
        const QString msg = dir + QStringLiteral("/") + base + QStringLiteral(".msg");
        const QString eml = dir + QStringLiteral("/") + base + QStringLiteral(".eml");
        const auto oracle = nlohmann::json::parse(test::python(QString::fromLatin1(kPyEml), {eml}).toStdString(), nullptr, false);
        QVERIFY(oracle.is_object());
        auto c = test::ingestInto({msg});
        QVERIFY(c->db);
        std::optional<casestore::ObjectRecord> top;
        for (auto &o : items(*c->db))
            if (QString::fromStdString(o.path).endsWith(QStringLiteral(".msg#1")))
                top = o;
        QVERIFY(top);
        QCOMPARE(QString::fromStdString(test::text(*top, "subject")), QString::fromStdString(oracle["subject"]));
        QCOMPARE(QString::fromStdString(test::text(*top, "from_address")).toLower(),
                 QString::fromStdString(oracle["from"]).toLower());
        QCOMPARE(normalized(QString::fromStdString(test::text(*top, "body_text"))),
                 normalized(QString::fromStdString(oracle["body"])));

        // The same mail as EML through Harrier's mail parser: same header analysis.
        auto e = test::ingestInto({eml});
        QVERIFY(e->db);
        auto emails = test::objectsOfKind(*e->db, "email");
        QVERIFY(!emails.empty());
        // Only a sent mail has transport headers; the perl module writes the
        // others' headers itself. Header whitespace is compared unfolded
        // (RFC 5322: a fold's tab and the space it was rewritten to are equal).
        if (test::text(*top, "received_hops").empty())
            return;
        for (const char *a : {"received_hops", "auth_results", "message_id", "date"}) {
            const auto *mine = attr(*top, a);
            const auto *theirs = attr(emails[0], a);
            QVERIFY2(bool(mine) == bool(theirs), a);
            if (mine) {
                QCOMPARE(normalized(QString::fromStdString(mine->text).replace(QStringLiteral("\\t"), QStringLiteral(" "))),
                         normalized(QString::fromStdString(theirs->text).replace(QStringLiteral("\\t"), QStringLiteral(" "))));
                QCOMPARE(mine->integer, theirs->integer);
            }
        }
    }

    void msgExtractorExpectedOutputs() {
        HARRIER_REQUIRE_CORPUS(dir, kSet + QStringLiteral("/msg/msg-extractor"));
        auto c = test::ingestInto({dir + QStringLiteral("/unicode.msg"), dir + QStringLiteral("/strangeDate.msg")});
        QVERIFY(c->db);
        const auto all = items(*c->db);
        QDirIterator it(dir + QStringLiteral("/expected-outputs"), QDir::Dirs | QDir::NoDotAndDotDot);
        int checked = 0;
        while (it.hasNext()) {
            const QString out = it.next();
            QFile f(out + QStringLiteral("/message.text"));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(f.readAll());
            static const QRegularExpression subj(QStringLiteral("^Subject: (.*)$"), QRegularExpression::MultilineOption);
            const QString subject = subj.match(text).captured(1).trimmed();
            const QString body = text.mid(text.indexOf(QStringLiteral("-----------------")) + 17);
            const auto found = std::find_if(all.begin(), all.end(), [&](const auto &o) {
                return QString::fromStdString(test::text(o, "subject")) == subject;
            });
            QVERIFY2(found != all.end(), qPrintable(subject));
            const QString firstLine = body.trimmed().section(QLatin1Char('\n'), 0, 0).trimmed();
            QVERIFY2(QString::fromStdString(test::text(*found, "body_text")).contains(firstLine), qPrintable(firstLine));
            // Extracted attachments: same bytes (sha256sum of the expected files).
            QDirIterator files(out, {QStringLiteral("*.tif")}, QDir::Files);
            auto kids = casestore::CaseReader(*c->db).children(found->id);
            QVERIFY(kids);
            while (files.hasNext()) {
                const QString sha = test::sha256sum(files.next());
                QVERIFY2(std::any_of(kids->begin(), kids->end(),
                                     [&](const auto &k) { return QString::fromStdString(k.sha256) == sha; }),
                         qPrintable(files.fileName()));
            }
            ++checked;
        }
        QCOMPARE(checked, 2);
    }

    void pstHeadersMatchReadpstEml() {
        // readpst (an independent PST reader) exports each message as .eml with
        // its transport headers; Harrier's EML path on that export and its PST
        // path on the PST must give the same Received hops and verdicts.
        HARRIER_REQUIRE_CORPUS(pst, kSet + QStringLiteral("/pst/velociraptor/Outlook.pst"));
        QTemporaryDir tmp;
        QVERIFY(readpstCount(pst, tmp.path()) > 0);
        auto fromPst = test::ingestInto({pst});
        auto fromEml = test::ingestInto({tmp.path() + QStringLiteral("/rp")});
        QVERIFY(fromPst->db && fromEml->db);
        std::map<std::string, casestore::ObjectRecord> emlById;
        for (auto &o : test::objectsOfKind(*fromEml->db, "email"))
            emlById[test::text(o, "message_id")] = o;
        int compared = 0;
        for (const auto &o : items(*fromPst->db)) {
            if (!attr(o, "transport_headers_present") || attr(o, "transport_headers_present")->integer != 1)
                continue;
            const auto it = emlById.find(test::text(o, "message_id"));
            if (it == emlById.end())
                continue;
            for (const char *a : {"received_hops", "auth_results"})
                QCOMPARE(QString::fromStdString(test::text(o, a)), QString::fromStdString(test::text(it->second, a)));
            ++compared;
        }
        qInfo("%d PST messages compared with their readpst .eml export", compared);
        QVERIFY(compared > 0);
    }
};

QTEST_GUILESS_MAIN(TestOutlookCorpus)
#include "tst_outlook_corpus.moc"
