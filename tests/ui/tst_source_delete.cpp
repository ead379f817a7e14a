// deleteSource: Cancel's rollback. Ingest two sources, delete one, and check
// every table against counts taken before, by raw SQL on the case file.
#include <QtTest>

#include <sqlite3.h>

#include "casestore/annotations.h"
#include "casestore/case_reader.h"
#include "casestore/hit_store.h"
#include "casestore/source_delete.h"
#include "fixtures.h"
#include "ingest/pipeline.h"

using namespace harrier;

namespace {
qint64 count(const std::string &path, const char *sql) {
    sqlite3 *db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *st = nullptr;
    qint64 n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}
}  // namespace

class TestSourceDelete : public QObject {
    Q_OBJECT
private slots:
    void deletesWholeSubtreeAndKeepsTheOther() {
        auto c = test::makeTempCase();
        QTemporaryDir ev;
        const QString mbox = test::writeMailbox(ev.path());
        const QString zip = test::writeCollectionZip(ev.path());
        casestore::ObjectId keep = 0, drop = 0;
        {
            const auto parsers = ingest::defaultParsers();
            auto p = ingest::Pipeline::create(*c->db, parsers, {});
            QVERIFY(p);
            NullProgress np;
            auto a = (*p)->ingest(mbox.toStdString(), {}, np);
            auto b = (*p)->ingest(zip.toStdString(), {}, np);
            QVERIFY(a && b);
            keep = a->sourceId;
            drop = b->sourceId;
            QVERIFY((*p)->finish());
        }
        // A hit and an annotation on an item of the source to delete, one on the kept one.
        auto dropped = casestore::CaseReader(*c->db).objectsOfSource(drop, "file");
        auto kept = casestore::CaseReader(*c->db).objectsOfSource(keep);
        QVERIFY(dropped && dropped->size() >= 43);
        QVERIFY(kept && !kept->empty());
        casestore::HitRecord h;
        h.objectId = dropped->front().id;
        h.ruleId = "t:r";
        h.severity = 50;
        h.explanation = "x";
        QVERIFY(casestore::HitStore(*c->db).replace("yara", "hash", {h}));
        QVERIFY(casestore::AnnotationStore(*c->db).add(casestore::TargetKind::Object, dropped->front().id,
                                                       casestore::AnnotationKind::Tag, "webshell"));
        QVERIFY(casestore::AnnotationStore(*c->db).add(casestore::TargetKind::Object, kept->back().id,
                                                       casestore::AnnotationKind::Tag, "mail"));
        const std::string &path = c->path;
        const qint64 objectsBefore = count(path, "SELECT count(*) FROM objects");
        const qint64 keptObjects = count(path, ("SELECT count(*) FROM objects WHERE source_id = " + std::to_string(keep)).c_str());
        const qint64 keptEvents = count(path, ("SELECT count(*) FROM events WHERE source_id = " + std::to_string(keep)).c_str());
        QVERIFY(keptEvents > 0);
        QVERIFY(count(path, ("SELECT count(*) FROM events WHERE source_id = " + std::to_string(drop)).c_str()) > 0);

        auto r = casestore::deleteSource(*c->db, drop);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(static_cast<qint64>(r->objects), objectsBefore - keptObjects);
        QCOMPARE(r->hits, 1u);
        QCOMPARE(r->annotations, 1u);
        QVERIFY(r->blobs > 0);

        const std::string d = std::to_string(drop);
        QCOMPARE(count(path, "SELECT count(*) FROM objects"), keptObjects);
        QCOMPARE(count(path, ("SELECT count(*) FROM sources WHERE id = " + d).c_str()), 0);
        QCOMPARE(count(path, "SELECT count(*) FROM events"), keptEvents);
        QCOMPARE(count(path, "SELECT count(*) FROM hits"), 0);
        QCOMPARE(count(path, "SELECT count(*) FROM annotations"), 1);
        QCOMPARE(count(path, "SELECT count(*) FROM attributes WHERE object_id NOT IN (SELECT id FROM objects)"), 0);
        QCOMPARE(count(path, "SELECT count(*) FROM reconciliation WHERE object_id NOT IN (SELECT id FROM objects)"), 0);
        QCOMPARE(count(path, ("SELECT count(*) FROM ingest_errors WHERE source_id = " + d).c_str()), 0);
        QCOMPARE(count(path, "SELECT count(*) FROM object_observables WHERE object_id NOT IN (SELECT id FROM objects)"), 0);
        QCOMPARE(count(path, "SELECT count(*) FROM blobs WHERE sha256 NOT IN "
                             "(SELECT blob_sha256 FROM objects WHERE blob_sha256 IS NOT NULL)"), 0);
        QCOMPARE(count(path, "SELECT count(*) FROM audit_log WHERE action = 'source.delete'"), 1);
        // The kept source still reads back whole.
        auto sources = casestore::CaseReader(*c->db).sources();
        QVERIFY(sources);
        QCOMPARE(sources->size(), 1u);
        QCOMPARE(sources->front().source.id, keep);
        // Unknown source: an error, nothing changed.
        QVERIFY(!casestore::deleteSource(*c->db, 999999));
        QCOMPARE(count(path, "SELECT count(*) FROM objects"), keptObjects);
    }
};

QTEST_GUILESS_MAIN(TestSourceDelete)
#include "tst_source_delete.moc"
