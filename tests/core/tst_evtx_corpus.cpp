// EVTX/EVT ingest over the corpus against evtxexport's own record count, and
// the "every file ingests" guarantee for the endpoint corpus.
#include <QDirIterator>
#include <QtTest>

#include "endpoint_test_util.h"
#include "support/test_support.h"

using namespace harrier::test;

class TestEvtxCorpus : public QObject {
    Q_OBJECT
private slots:
    void recordCountsEqualEvtxexport() {
        HARRIER_REQUIRE_CORPUS(evtxDir, "evtx");
        if (QStandardPaths::findExecutable("evtxexport").isEmpty())
            QSKIP("evtxexport (libevtx-utils) not installed");
        QTemporaryDir tmp;
        const QString db = tmp.filePath("c.hcase");
        QCOMPARE(runCli({"case", "new", db, "--name", "evtx"}), 0);
        const int rc = runCli({"ingest", db, evtxDir});
        QVERIFY2(rc == 0 || rc == 4, qPrintable(QString::number(rc)));
        // events per EVTX file object, by the file's path inside the source
        QHash<QString, int> stored;
        for (const QString &row :
             sql(db, "select o.path, count(*) from events e join objects o on o.id = e.object_id "
                     "join terms t on t.id = e.type_id where t.value like 'windows:evtx:record%' group by o.path"))
            stored[row.section('|', 0, -2)] = row.section('|', -1).toInt();
        int files = 0, total = 0;
        QDirIterator it(evtxDir, {"*.evtx"}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            // evtxexport -m all prints one "Event number" per allocated or recovered record it can read.
            const QByteArray text = runTool("evtxexport", {"-m", "all", path});
            const int expected = int(text.count("\nEvent number"));
            const QString rel = QDir(evtxDir).relativeFilePath(path);
            QVERIFY2(stored.value(rel) == expected,
                     qPrintable(rel + ": harrier " + QString::number(stored.value(rel)) + ", evtxexport " +
                                QString::number(expected)));
            ++files;
            total += expected;
        }
        QVERIFY(files > 100);
        qInfo("%d EVTX files, %d records, all equal to evtxexport", files, total);
        // Corrupted samples are reported, and the case's containers reconcile.
        QVERIFY(!sql(db, "select 1 from ingest_errors where path like '%bad_chunk%' or path like '%corrupt%' "
                         "or reason like '%corrupted%' limit 1")
                     .isEmpty());
        QCOMPARE(sql(db, "select count(*) from reconciliation where seen != stored + failed").value(0), QString("0"));
    }

    void legacyEvtRecords() {
        HARRIER_REQUIRE_CORPUS(evt, "endpoint_triage/plaso_test_data/SysEvent.Evt");
        QTemporaryDir tmp;
        const QString db = tmp.filePath("c.hcase");
        QCOMPARE(runCli({"case", "new", db, "--name", "evt"}), 0);
        QCOMPARE(runCli({"ingest", db, evt}), 0);
        // Independent count: the header of every EVT record is its length followed by "LfLe";
        // the file header and the end-of-file record carry the signature too.
        const QByteArray bytes = [&] { QFile f(evt); f.open(QIODevice::ReadOnly); return f.readAll(); }();
        const QStringList rows = sql(db, "select r.seen, r.stored from reconciliation r join objects o on "
                                         "o.id = r.object_id where o.name = 'SysEvent.Evt' and o.kind = 'file'");
        QCOMPARE(rows.size(), 1);
        const int stored = rows[0].section('|', 1).toInt();
        QVERIFY(stored > 0);
        QVERIFY2(stored <= int(bytes.count("LfLe")), qPrintable(QString::number(stored)));
    }

    void wholeEndpointCorpusIngests() {
        HARRIER_REQUIRE_CORPUS(dir, "endpoint_triage");
        QTemporaryDir tmp;
        const QString db = tmp.filePath("c.hcase");
        QCOMPARE(runCli({"case", "new", db, "--name", "endpoint"}), 0);
        QByteArray out, err;
        const int rc = runCli({"ingest", db, dir, "--password", "hello"}, &out, &err);
        QVERIFY2(rc == 0 || rc == 4, err.constData());  // 4: some items failed, recorded as errors
        // every file on disk became an object (the source's own reconciliation)
        int files = 0;
        QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            ++files;
        }
        const QStringList src = sql(db, "select r.seen, r.stored, r.failed from reconciliation r join objects o on "
                                        "o.id = r.object_id where o.kind = 'source'");
        QCOMPARE(src.value(0).section('|', 0, 0).toInt(), files);
        QCOMPARE(sql(db, "select count(*) from reconciliation where seen != stored + failed").value(0), QString("0"));
        QVERIFY(sql(db, "select count(*) from events").value(0).toInt() > 1000);
    }
};

QTEST_GUILESS_MAIN(TestEvtxCorpus)
#include "tst_evtx_corpus.moc"
