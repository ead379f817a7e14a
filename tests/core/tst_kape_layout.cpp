// KAPE target output, as a folder and as the same tree zipped: the CopyLog's
// source paths, source times and SHA-1 are the files' truth. Every expected
// value comes from how the fixture is written here: times are the CopyLog's
// (checked against QDateTime), SHA-1s come from QCryptographicHash, and the
// copies carry deliberately different filesystem times (2031 / the zip's
// 2023 entry times) that must NOT reach the timeline.
// CopyLog columns as KAPE writes them (Zimmerman's Timeline Explorer KAPE
// spec: CopiedTimestamp, SourceFile, DestinationFile, FileSize, SourceFileSha1,
// DeferredCopy, CreatedOnUtc, ModifiedOnUtc, LastAccessedOnUtc, CopyDuration).
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QtTest>

#include "endpoint_test_util.h"
#include "support/archive_builder.h"
#include "support/test_support.h"

using namespace harrier::test;

namespace {

const QByteArray kEvtx = "stand-in bytes for Security.evtx\n";
const QByteArray kHistory = "whoami\nnet user /domain\n";
const QByteArray kConsole = "KAPE version 1.3.0.2 Starting\n";
const char *kEvtxRel = "C/Windows/System32/winevt/Logs/Security.evtx";
const char *kHistoryRel = "C/Users/bob/AppData/Roaming/Microsoft/Windows/PowerShell/PSReadLine/ConsoleHost_history.txt";

QString sha1(const QByteArray &b) { return QCryptographicHash::hash(b, QCryptographicHash::Sha1).toHex(); }

qint64 us(int y, int mo, int d, int h, int mi, int s, int micros = 0) {
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC).toSecsSinceEpoch() * 1000000 + micros;
}

// Destination paths differ in case from the tree (KAPE keeps the source's
// case, analysts rename folders): matching must be case-insensitive.
QByteArray copyLog() {
    QByteArray csv = "CopiedTimestamp,SourceFile,DestinationFile,FileSize,SourceFileSha1,DeferredCopy,CreatedOnUtc,"
                     "ModifiedOnUtc,LastAccessedOnUtc,CopyDuration\r\n";
    csv += "2026-11-20 10:15:03.0000000,C:\\Windows\\System32\\winevt\\Logs\\Security.evtx,"
           "D:\\kape\\tout\\C\\WINDOWS\\System32\\winevt\\Logs\\SECURITY.EVTX," +
           QByteArray::number(kEvtx.size()) + "," + sha1(kEvtx).toUpper().toLatin1() +
           ",True,2026-03-01 08:00:00.0000000,2026-11-19 22:10:05.1234567,2026-11-20 09:00:00.0000000,"
           "00:00:00.0012345\r\n";
    // SHA-1 deliberately wrong: a mismatch must be reported.
    csv += "2026-11-20 10:15:04.0000000,\"C:\\Users\\bob\\AppData\\Roaming\\Microsoft\\Windows\\PowerShell\\PSReadLine\\"
           "ConsoleHost_history.txt\",\"D:\\kape\\tout\\C\\Users\\bob\\AppData\\Roaming\\Microsoft\\Windows\\PowerShell\\"
           "PSReadLine\\ConsoleHost_history.txt\",24,0000000000000000000000000000000000000000,False,"
           "2026-10-01 12:00:00.0000000,2026-11-20 07:45:30.0000000,2026-11-20 07:45:30.0000000,00:00:00.0001000\r\n";
    return csv;
}

}  // namespace

class TestKapeLayout : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

    void check(const QString &evidence, const QString &db) {
        QCOMPARE(runCli({"case", "new", db, "--name", "kape"}), 0);
        const int rc = runCli({"ingest", db, evidence});
        QVERIFY2(rc == 0 || rc == 4, qPrintable(QString::number(rc)));
        QCOMPARE(sql(db, "select text_value from attributes where name = 'layout'"), QStringList{"kape"});

        // Security.evtx: original path and exactly the CopyLog's four times.
        const QStringList ids = sql(db, "select id from objects where kind = 'file' and path like '%/Security.evtx'");
        QCOMPARE(ids.size(), 1);
        QCOMPARE(sql(db, "select text_value from attributes where name = 'original_path' and object_id = " + ids[0]),
                 QStringList{"C:\\Windows\\System32\\winevt\\Logs\\Security.evtx"});
        const QStringList times = sql(db, "select d.value || '=' || e.time_us from events e join terms d on "
                                          "d.id = e.desc_id where e.object_id = " + ids[0] + " order by e.time_us");
        QCOMPARE(times, (QStringList{"File Created=" + QString::number(us(2026, 3, 1, 8, 0, 0)),
                                     "File Modified=" + QString::number(us(2026, 11, 19, 22, 10, 5, 123456)),
                                     "File Accessed=" + QString::number(us(2026, 11, 20, 9, 0, 0)),
                                     "File Copied=" + QString::number(us(2026, 11, 20, 10, 15, 3))}));
        QCOMPARE(sql(db, "select sha1 from objects where id = " + ids[0]), QStringList{sha1(kEvtx)});

        // The history file: its SHA-1 disagrees with the CopyLog.
        const QString expectedSha = sha1(kHistory);
        QVERIFY2(!sql(db, "select 1 from ingest_errors where reason like 'SHA-1 mismatch%0000000000000000000000000000000000000000%" +
                              expectedSha + "%' and path like '%ConsoleHost_history.txt'")
                      .isEmpty(),
                 "SHA-1 mismatch not reported");
        QVERIFY(!sql(db, "select 1 from ingest_errors where reason like "
                         "'KAPE collection: 2 CopyLog rows (0 not matched%0 listed files absent, 1 SHA-1 verified, "
                         "1 mismatched'")
                     .isEmpty());
        // No event anywhere under the collection carries a copy's own time (2031 or the zip's 2023).
        QCOMPARE(sql(db, "select count(*) from events e join objects o on o.id = e.object_id where (o.path like "
                         "'%C/Windows/%' or o.path like '%C/Users/%') and (e.time_us >= " + QString::number(us(2031, 1, 1, 0, 0, 0)) +
                         " or e.time_us < " + QString::number(us(2024, 1, 1, 0, 0, 0)) + ")"),
                 QStringList{"0"});
    }

private slots:
    void folderAndZip() {
        QVERIFY(m_tmp.isValid());
        // Folder: the CopyLog named in mixed case (KAPE versions differ).
        const QString root = m_tmp.filePath("tout");
        const QList<QPair<QString, QByteArray>> files = {{kEvtxRel, kEvtx},
                                                         {kHistoryRel, kHistory},
                                                         {"2026-11-20T101500_ConsoleLog.txt", kConsole},
                                                         {"2026-11-20T101500_CopyLog.csv", copyLog()}};
        for (const auto &[rel, content] : files) {
            const QString path = root + "/" + rel;
            QDir().mkpath(QFileInfo(path).path());
            writeFile(path, content);
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(QDateTime(QDate(2031, 6, 1), QTime(0, 0), Qt::UTC), QFileDevice::FileModificationTime));
        }
        check(root, m_tmp.filePath("folder.hcase"));

        // Zip: the same tree, CopyLog name upper-cased.
        std::vector<ArchiveEntry> entries;
        for (const auto &[rel, content] : files) {
            const QString name = rel.endsWith("_CopyLog.csv") ? "2026-11-20T101500_COPYLOG.CSV" : rel;
            entries.push_back({name.toStdString(), content.toStdString(), 1700000000});
        }
        const QString zip = m_tmp.filePath("kape-out.zip");
        writeArchive(zip.toStdString(), ArchiveKind::Zip, entries);
        check(zip, m_tmp.filePath("zip.hcase"));
    }
};

QTEST_GUILESS_MAIN(TestKapeLayout)
#include "tst_kape_layout.moc"
