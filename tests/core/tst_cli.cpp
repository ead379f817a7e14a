// harrier-cli as a user runs it: a real child process, exit codes, JSON.
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <sqlite3.h>

#include "support/test_support.h"

using harrier::test::runCli;

namespace {
QJsonDocument json(const QByteArray &out) {
    QJsonParseError err;
    auto doc = QJsonDocument::fromJson(out, &err);
    if (err.error != QJsonParseError::NoError)
        qWarning("bad JSON: %s\n%s", qPrintable(err.errorString()), out.constData());
    return doc;
}
}  // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void usageErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("nothing") << QStringList{};
        QTest::newRow("unknown command") << QStringList{"frobnicate"};
        QTest::newRow("unknown option") << QStringList{"stats", "x.hcase", "--bogus"};
        QTest::newRow("case new without name") << QStringList{"case", "new", "x.hcase"};
        QTest::newRow("ingest without path") << QStringList{"ingest", "x.hcase"};
        QTest::newRow("bad format") << QStringList{"timeline", "x.hcase", "--format", "xml"};
        QTest::newRow("bad time") << QStringList{"timeline", "x.hcase", "--from", "yesterday"};
    }
    void usageErrors() {
        QFETCH(QStringList, args);
        QByteArray err;
        QCOMPARE(runCli(args, nullptr, &err), 2);
        QVERIFY(!err.isEmpty());
    }

    void versionAndHelp() {
        QByteArray out;
        QCOMPARE(runCli({"--version"}, &out), 0);
        QVERIFY(out.startsWith("harrier-cli "));
        QCOMPARE(runCli({"--help"}, &out), 0);
        QVERIFY(out.contains("Exit codes"));
    }

    void caseLifecycleAndRefusals() {
        QTemporaryDir dir;
        const QString c = dir.path() + "/c.hcase";
        QByteArray out;
        QCOMPARE(runCli({"case", "new", c, "--name", "Op Test", "--analyst", "alice", "--json"}, &out), 0);
        QCOMPARE(json(out).object()["name"].toString(), QStringLiteral("Op Test"));
        QCOMPARE(runCli({"case", "new", c, "--name", "again"}), 1);  // never overwrites
        QCOMPARE(runCli({"case", "info", c, "--json"}, &out), 0);
        QCOMPARE(json(out).object()["created_by"].toString(), QStringLiteral("alice"));
        QCOMPARE(runCli({"ingest", c, dir.path() + "/does-not-exist", "--analyst", "alice"}), 3);
        // Alice's case is read-only for bob unless he says --write.
        harrier::test::writeFile(dir.path() + "/ev/note.txt", "bob's evidence");
        QByteArray err;
        QCOMPARE(runCli({"ingest", c, dir.path() + "/ev", "--analyst", "bob"}, nullptr, &err), 5);
        QVERIFY(err.contains("belongs to alice"));
        QCOMPARE(runCli({"ingest", c, dir.path() + "/ev", "--analyst", "bob", "--write"}), 0);
        QCOMPARE(runCli({"stats", dir.path() + "/missing.hcase"}), 5);
        // A writing command refused for a missing case leaves nothing behind.
        QCOMPARE(runCli({"ingest", dir.path() + "/missing.hcase", dir.path() + "/ev"}), 5);
        QVERIFY(!QFile::exists(dir.path() + "/missing.hcase"));
        QVERIFY(!QFile::exists(dir.path() + "/missing.hcase.log"));

        sqlite3 *db = nullptr;
        sqlite3_open(c.toUtf8().constData(), &db);
        sqlite3_exec(db, "UPDATE meta SET value='9' WHERE key='schema_major'", nullptr, nullptr, nullptr);
        sqlite3_close(db);
        QCOMPARE(runCli({"stats", c}, nullptr, &err), 5);
        QVERIFY(err.contains("newer Harrier"));
    }

    void partialIngestExitCode() {
        QTemporaryDir dir;
        const QString c = dir.path() + "/c.hcase";
        QCOMPARE(runCli({"case", "new", c, "--name", "x"}), 0);
        harrier::test::writeFile(dir.path() + "/ev/broken.zip", QByteArray("PK\x03\x04", 4) + QByteArray(100, 'x'));
        harrier::test::writeFile(dir.path() + "/ev/fine.txt", "fine");
        QByteArray out;
        QCOMPARE(runCli({"ingest", c, dir.path() + "/ev", "--json"}, &out), 4);
        const QJsonObject s = json(out).array().at(0).toObject();
        QVERIFY(s["errors"].toInt() >= 1);
        QCOMPARE(s["all_containers"].toObject()["reconciles"].toBool(), true);
        QCOMPARE(runCli({"errors", c, "--json"}, &out), 0);
        QVERIFY(json(out).array().size() >= 1);
    }

    // The acceptance run: the plaso test data as a folder and as a zip.
    void plasoTestDataFolderAndZip() {
        HARRIER_REQUIRE_CORPUS(plaso, "endpoint_triage/plaso_test_data");
        QTemporaryDir dir;
        const QString c = dir.path() + "/plaso.hcase";
        QCOMPARE(runCli({"case", "new", c, "--name", "plaso"}), 0);
        const QString zip = dir.path() + "/plaso.zip";
        QProcess bsdtar;
        bsdtar.setWorkingDirectory(plaso);
        bsdtar.start("bsdtar", {"-a", "-cf", zip, "."});
        QVERIFY(bsdtar.waitForFinished(120000) && bsdtar.exitCode() == 0);

        QByteArray out, err;
        const int rc = runCli({"ingest", c, plaso, zip, "--json"}, &out, &err);
        QVERIFY2(rc == 0 || rc == 4, err.constData());
        const QJsonArray sources = json(out).array();
        QCOMPARE(sources.size(), 2);

        // Independent count: regular files under the folder, by QDirIterator.
        int regularFiles = 0;
        QDirIterator it(plaso, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
        QStringList spotCheck;
        while (it.hasNext()) {
            const QString f = it.next();
            if (++regularFiles % 9 == 1)
                spotCheck << f;
        }
        const QJsonObject folder = sources.at(0).toObject();
        QCOMPARE(folder["source_counts"].toObject()["seen"].toInt(), regularFiles);
        QCOMPARE(folder["source_counts"].toObject()["stored"].toInt() + folder["source_counts"].toObject()["failed"].toInt(),
                 regularFiles);
        QVERIFY(folder["all_containers"].toObject()["reconciles"].toBool());
        const QJsonObject zipped = sources.at(1).toObject();
        QCOMPARE(zipped["sha256"].toString(), harrier::test::sha256sum(zip));
        QVERIFY(zipped["all_containers"].toObject()["reconciles"].toBool());
        // The zip holds the same regular files (bsdtar also stores directories, which are not items).
        QVERIFY(zipped["all_containers"].toObject()["seen"].toInt() >= regularFiles);

        // Hashes of stored artifacts equal sha256sum of the originals, in the folder and in the zip.
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open_v2(c.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        for (const QString &f : spotCheck) {
            const QString rel = QDir(plaso).relativeFilePath(f);
            for (const QString &path : {rel, "plaso.zip!/" + rel}) {
                sqlite3_stmt *st = nullptr;
                sqlite3_prepare_v2(db, "SELECT sha256, md5, sha1 FROM objects WHERE path = ?", -1, &st, nullptr);
                const QByteArray p = path.toUtf8();
                sqlite3_bind_text(st, 1, p.constData(), -1, SQLITE_TRANSIENT);
                QVERIFY2(sqlite3_step(st) == SQLITE_ROW, qPrintable(path));
                QCOMPARE(QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, 0))),
                         harrier::test::sha256sum(f));
                QVERIFY(sqlite3_column_bytes(st, 1) == 32 && sqlite3_column_bytes(st, 2) == 40);
                sqlite3_finalize(st);
            }
        }
        sqlite3_close(db);

        QCOMPARE(runCli({"stats", c, "--json"}, &out), 0);
        const QJsonObject stats = json(out).object();
        QVERIFY(stats["events"].toInt() > 0);
        for (const auto &s : stats["sources"].toArray())
            QVERIFY(s.toObject()["reconciles"].toBool());

        const QString csv = dir.path() + "/timeline.csv";
        const QString ts = dir.path() + "/timeline.jsonl";
        QCOMPARE(runCli({"timeline", c, "--format", "csv", "--out", csv}), 0);
        QCOMPARE(runCli({"timeline", c, "--format", "timesketch", "--out", ts}), 0);
        QFile csvFile(csv), tsFile(ts);
        QVERIFY(csvFile.open(QIODevice::ReadOnly) && tsFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> tsLines = tsFile.readAll().split('\n');
        int tsEvents = 0;
        for (const QByteArray &line : tsLines) {
            if (line.isEmpty())
                continue;
            ++tsEvents;
            const QJsonObject o = json(line).object();
            QVERIFY(o.contains("message") && o.contains("datetime") && o.contains("timestamp_desc"));
        }
        QCOMPARE(tsEvents, stats["events"].toInt());
        QVERIFY(csvFile.readAll().count('\n') >= stats["events"].toInt() + 1);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
