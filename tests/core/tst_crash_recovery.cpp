// A harrier-cli process SIGKILLed in the middle of an ingest leaves a case
// that opens, passes integrity_check, and shows the source as partial with
// what was committed before the kill.
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QtTest>

#include <signal.h>
#include <sqlite3.h>

#include "casestore/case_db.h"
#include "casestore/case_reader.h"
#include "support/test_support.h"

using namespace harrier;
using namespace harrier::casestore;

namespace {

std::uint64_t committedFiles(const std::string &casePath) {
    auto db = CaseDb::open(casePath, OpenMode::ReadOnly);
    if (!db)
        return 0;
    auto stats = CaseReader(**db).stats();
    if (!stats)
        return 0;
    const auto it = stats->objectsByKind.find("file");
    return it == stats->objectsByKind.end() ? 0 : it->second;
}

QString integrityCheck(const std::string &path) {
    sqlite3 *db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr);
    QString result;
    while (sqlite3_step(st) == SQLITE_ROW)
        result += QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return result;
}

}  // namespace

class TestCrashRecovery : public QObject {
    Q_OBJECT
private slots:
    void sigkillMidIngestLeavesAPartialSource() {
        QTemporaryDir dir;
        const QString evidence = dir.path() + "/evidence";
        constexpr int kFiles = 12000;
        for (int i = 0; i < kFiles; ++i)
            test::writeFile(QString("%1/d%2/f%3.txt").arg(evidence).arg(i / 1000).arg(i),
                            QByteArray("file number ") + QByteArray::number(i) + QByteArray(2000, 'x'));
        const std::string casePath = (dir.path() + "/case.hcase").toStdString();
        QCOMPARE(test::runCli({"case", "new", QString::fromStdString(casePath), "--name", "crash"}), 0);

        QProcess child;
        child.start(test::cliPath(), {"ingest", QString::fromStdString(casePath), evidence, "--quiet"});
        QVERIFY(child.waitForStarted());
        // Wait until a real part of the ingest is committed, then kill hard.
        QElapsedTimer timer;
        timer.start();
        std::uint64_t before = 0;
        while ((before = committedFiles(casePath)) < 1500 && timer.elapsed() < 60000 &&
               child.state() == QProcess::Running)
            QTest::qWait(10);
        QVERIFY2(child.state() == QProcess::Running, "ingest finished before it could be killed");
        QVERIFY(before >= 1500);
        ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
        QVERIFY(child.waitForFinished());
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        QCOMPARE(integrityCheck(casePath), QStringLiteral("ok"));
        {
            // Seen from a read-only viewer: still marked running, but nobody holds the case.
            auto ro = CaseDb::open(casePath, OpenMode::ReadOnly);
            QVERIFY2(ro, ro ? "" : ro.error().message.c_str());
            auto sources = CaseReader(**ro).sources();
            QVERIFY(sources);
            QCOMPARE(sources->size(), std::size_t(1));
            QVERIFY(sources->front().interrupted);
        }
        auto db = CaseDb::open(casePath, OpenMode::ReadWrite);
        QVERIFY2(db, db ? "" : db.error().message.c_str());
        auto sources = CaseReader(**db).sources();
        QVERIFY(sources);
        const SourceSummary &s = sources->front();
        QCOMPARE(s.source.status, SourceStatus::Partial);
        QVERIFY(s.source.statusReason.find("interrupted") != std::string::npos);
        const std::uint64_t after = committedFiles(casePath);
        QVERIFY(after >= before);   // nothing committed was lost
        QVERIFY(after < kFiles);    // and it really was cut short
        // Indexes dropped for the bulk load are back after the recovery open.
        auto stats = CaseReader(**db).stats();
        QVERIFY(stats);
        // Each file has three time events queued right after it; a transaction
        // is a prefix of the queue, so only the last file may miss some of them.
        QVERIFY(stats->events >= (after - 1) * 3);
        db->reset();
        QCOMPARE(integrityCheck(casePath), QStringLiteral("ok"));

        // The case accepts more evidence afterwards.
        const QString more = dir.path() + "/more";
        test::writeFile(more + "/a.txt", "after the crash");
        QCOMPARE(test::runCli({"ingest", QString::fromStdString(casePath), more, "--quiet"}), 0);
    }

    // Ctrl-C: the CLI stops cleanly, keeps what it stored, says so, exits 4
    // and the source is partial (not "interrupted": the process finished it).
    void sigintStopsCleanly() {
        QTemporaryDir dir;
        const QString evidence = dir.path() + "/evidence";
        constexpr int kFiles = 8000;
        for (int i = 0; i < kFiles; ++i)
            test::writeFile(QString("%1/d%2/f%3.txt").arg(evidence).arg(i / 1000).arg(i), QByteArray(3000, 'y'));
        const std::string casePath = (dir.path() + "/case.hcase").toStdString();
        QCOMPARE(test::runCli({"case", "new", QString::fromStdString(casePath), "--name", "sigint"}), 0);
        QProcess child;
        child.start(test::cliPath(), {"ingest", QString::fromStdString(casePath), evidence, "--quiet"});
        QVERIFY(child.waitForStarted());
        QElapsedTimer timer;
        timer.start();
        while (committedFiles(casePath) < 500 && timer.elapsed() < 60000 && child.state() == QProcess::Running)
            QTest::qWait(10);
        QVERIFY2(child.state() == QProcess::Running, "ingest finished before it could be interrupted");
        ::kill(static_cast<pid_t>(child.processId()), SIGINT);
        QVERIFY(child.waitForFinished(60000));
        QCOMPARE(child.exitStatus(), QProcess::NormalExit);
        QCOMPARE(child.exitCode(), 4);
        QVERIFY(child.readAllStandardError().contains("stopped"));
        auto db = CaseDb::open(casePath, OpenMode::ReadOnly);
        QVERIFY(db);
        auto sources = CaseReader(**db).sources();
        QVERIFY(sources);
        const SourceSummary &s = sources->front();
        QCOMPARE(s.source.status, SourceStatus::Partial);
        QVERIFY(s.source.statusReason.find("stopped by the analyst") != std::string::npos);
        QVERIFY(!s.interrupted);
        QVERIFY(s.totals.reconciles());
        const std::uint64_t files = committedFiles(casePath);
        QVERIFY(files >= 500 && files < kFiles);
        QCOMPARE(integrityCheck(casePath), QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "tst_crash_recovery.moc"
