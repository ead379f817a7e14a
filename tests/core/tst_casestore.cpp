// The case file: schema versions, migrations, read-only opens, the writer
// lock, the writer thread and blobs, against a real SQLite file.
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtTest>

#include <sqlite3.h>

#include "casestore/case_db.h"
#include "casestore/case_reader.h"
#include "casestore/case_writer.h"
#include "casestore/schema.h"
#include "ingest/content_reader.h"
#include "support/test_support.h"

using namespace harrier;
using namespace harrier::casestore;

namespace {

void rawExec(const std::string &path, const char *sql) {
    sqlite3 *db = nullptr;
    QCOMPARE_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char *err = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK)
        qFatal("sql failed: %s", err);
    sqlite3_close(db);
}

QByteArray fileSha(const QString &path) {
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

}  // namespace

class TestCaseStore : public QObject {
    Q_OBJECT
private slots:
    void createThenReopenKeepsMetadata() {
        auto c = test::makeTempCase("Operation Harrier");
        const std::string uuid = c->db->info().uuid;
        c->db.reset();
        auto db = CaseDb::open(c->path, OpenMode::ReadWrite);
        QVERIFY2(db, db ? "" : db.error().message.c_str());
        QCOMPARE((*db)->info().name, std::string("Operation Harrier"));
        QCOMPARE((*db)->info().uuid, uuid);
        QCOMPARE((*db)->info().createdBy, std::string("tester"));
        QCOMPARE((*db)->info().schemaMajor, kSchemaMajor);
        QCOMPARE((*db)->info().schemaMinor, currentSchemaMinor());
    }

    void refusesToOverwrite() {
        auto c = test::makeTempCase();
        auto again = CaseDb::create(c->path, "x", "y");
        QVERIFY(!again);
    }

    void rejectsNonCaseFile() {
        QTemporaryDir dir;
        const QString path = dir.path() + "/not-a-case.hcase";
        test::writeFile(path, "just text");
        auto db = CaseDb::open(path.toStdString(), OpenMode::ReadOnly);
        QVERIFY(!db);
    }

    // A case written at schema 1.0 (only the first migration) gains the later
    // tables when opened read-write, and keeps its rows.
    void migratesOlderMinor() {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/old.hcase").toStdString();
        {
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
            QVERIFY(applyMigrations(db, {}, 0).ok());
            sqlite3_exec(db,
                         "INSERT INTO meta VALUES ('case_uuid','u'),('case_name','old'),('created_by','a'),"
                         "('created_at','0');"
                         "INSERT INTO objects(id, kind, name, path) VALUES (1, 'source', 'evidence', '');",
                         nullptr, nullptr, nullptr);
            QCOMPARE(readSchemaVersion(db).minor, 0);
            sqlite3_close(db);
        }
        {
            auto ro = CaseDb::open(path, OpenMode::ReadOnly);
            QVERIFY(ro);
            QCOMPARE((*ro)->info().schemaMinor, 0);  // read-only never migrates
        }
        auto db = CaseDb::open(path, OpenMode::ReadWrite);
        QVERIFY2(db, db ? "" : db.error().message.c_str());
        QCOMPARE((*db)->info().schemaMinor, currentSchemaMinor());
        auto obj = CaseReader(**db).object(1);
        QVERIFY(obj);
        QCOMPARE(obj->name, std::string("evidence"));
        auto stats = CaseReader(**db).stats();
        QVERIFY(stats);
        QCOMPARE(stats->objects, std::uint64_t(1));
    }

    void refusesNewerMajor() {
        auto c = test::makeTempCase();
        c->db.reset();
        rawExec(c->path, "UPDATE meta SET value = '2' WHERE key = 'schema_major'");
        for (OpenMode mode : {OpenMode::ReadOnly, OpenMode::ReadWrite}) {
            auto db = CaseDb::open(c->path, mode);
            QVERIFY(!db);
            QCOMPARE(db.error().code, ErrorCode::SchemaTooNew);
            QVERIFY(db.error().message.find("newer Harrier") != std::string::npos);
        }
    }

    // Read-only: the file's bytes do not change and no -wal/-shm/journal appears.
    void readOnlyNeverWrites() {
        auto c = test::makeTempCase();
        {
            auto w = CaseWriter::start(*c->db);
            QVERIFY(w);
            ObjectRecord o;
            o.id = (*w)->allocateObjectId();
            o.kind = "source";
            o.name = "s";
            QVERIFY((*w)->put(o).ok());
            QVERIFY((*w)->close().ok());
        }
        c->db.reset();
        const QString path = QString::fromStdString(c->path);
        const QByteArray before = fileSha(path);
        const QDateTime mtime = QFileInfo(path).lastModified();
        const QStringList filesBefore = QDir(c->dir.path()).entryList(QDir::Files);
        {
            auto db = CaseDb::open(c->path, OpenMode::ReadOnly);
            QVERIFY(db);
            QVERIFY((*db)->readOnly());
            QVERIFY(CaseReader(**db).stats().ok());
            QCOMPARE((*db)->audit("x", "y").error().code, ErrorCode::ReadOnly);
            auto w = CaseWriter::start(**db);
            QVERIFY(!w);
            QCOMPARE(w.error().code, ErrorCode::ReadOnly);
        }
        QCOMPARE(fileSha(path), before);
        QCOMPARE(QFileInfo(path).lastModified(), mtime);
        QCOMPARE(QDir(c->dir.path()).entryList(QDir::Files), filesBefore);
    }

    void secondWriterIsLockedOut() {
        auto c = test::makeTempCase();
        auto second = CaseDb::open(c->path, OpenMode::ReadWrite);
        QVERIFY(!second);
        QCOMPARE(second.error().code, ErrorCode::Locked);
        auto reader = CaseDb::open(c->path, OpenMode::ReadOnly);
        QVERIFY(reader);
        QVERIFY((*reader)->writerActive());
        c->db.reset();
        QVERIFY(!(*reader)->writerActive());
        QVERIFY(CaseDb::open(c->path, OpenMode::ReadWrite).ok());
    }

    void writerCommitsEverythingInOrder() {
        auto c = test::makeTempCase();
        auto w = CaseWriter::start(*c->db);
        QVERIFY(w);
        const ObjectId src = (*w)->allocateObjectId();
        ObjectRecord s;
        s.id = src;
        s.sourceId = src;
        s.kind = "source";
        s.name = "src";
        QVERIFY((*w)->put(s).ok());
        constexpr int kEvents = 20000;
        for (int i = 0; i < kEvents; ++i) {
            EventRecord e;
            e.time = UtcTime{1'700'000'000'000'000LL + i * 1'000'000LL};
            e.timestampDesc = i % 2 ? "Odd" : "Even";
            e.eventType = "test";
            e.sourceId = src;
            e.objectId = src;
            e.host = "HOST" + std::to_string(i % 3);
            e.message = "message " + std::to_string(i % 100);  // 100 distinct texts
            QVERIFY((*w)->put(std::move(e)).ok());
        }
        QVERIFY((*w)->close().ok());
        auto stats = CaseReader(*c->db).stats();
        QVERIFY(stats);
        QCOMPARE(stats->events, std::uint64_t(kEvents));
        QCOMPARE(stats->firstEvent->micros, 1'700'000'000'000'000LL);
        QCOMPARE(stats->lastEvent->micros, 1'700'000'000'000'000LL + (kEvents - 1) * 1'000'000LL);
        QVERIFY((*w)->stats().transactions < 100);  // batched, not one per record
    }

    void blobRoundTrip() {
        auto c = test::makeTempCase();
        std::string content(300000, '\0');
        for (std::size_t i = 0; i < content.size(); ++i)
            content[i] = static_cast<char>((i * 7919) % 256);
        const std::string sha =
            QCryptographicHash::hash(QByteArray::fromStdString(content), QCryptographicHash::Sha256).toHex().toStdString();
        auto w = CaseWriter::start(*c->db);
        QVERIFY(w);
        QVERIFY((*w)->put(ingest::makeBlob(asBytes(content), sha)).ok());
        QVERIFY((*w)->put(ingest::makeBlob(asBytes(content), sha)).ok());  // dedupe, not an error
        QVERIFY((*w)->close().ok());
        auto back = CaseReader(*c->db).blob(sha);
        QVERIFY(back);
        QCOMPARE(std::string(back->begin(), back->end()), content);
        QCOMPARE(CaseReader(*c->db).stats()->blobs, std::uint64_t(1));
        QVERIFY(!CaseReader(*c->db).blob(std::string(64, '0')));
    }

    void auditLogRecordsActions() {
        auto c = test::makeTempCase();
        QVERIFY(c->db->audit("test.action", "details").ok());
        c->db.reset();
        sqlite3 *db = nullptr;
        sqlite3_open(c->path.c_str(), &db);
        sqlite3_stmt *st = nullptr;
        sqlite3_prepare_v2(db, "SELECT action FROM audit_log ORDER BY at", -1, &st, nullptr);
        QStringList actions;
        while (sqlite3_step(st) == SQLITE_ROW)
            actions << QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)));
        sqlite3_finalize(st);
        sqlite3_close(db);
        QCOMPARE(actions, (QStringList{"case.create", "test.action"}));
    }
};

QTEST_GUILESS_MAIN(TestCaseStore)
#include "tst_casestore.moc"
