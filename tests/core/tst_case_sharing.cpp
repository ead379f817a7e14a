// Sharing a case: export (snapshot while a writer is active, without
// content, only tagged), manifests, ownership and read-only by default,
// upgrade of an older case on a copy, annotate, and merging annotations.
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QtTest>

#include <sqlite3.h>

#include "casestore/annotation_merge.h"
#include "casestore/annotations.h"
#include "casestore/audit_log.h"
#include "casestore/case_db.h"
#include "casestore/case_reader.h"
#include "casestore/schema.h"
#include "support/case_fixture.h"
#include "support/test_support.h"

using harrier::test::runCli;
namespace cs = harrier::casestore;

namespace {

QJsonObject jsonObject(const QByteArray &out) { return QJsonDocument::fromJson(out).object(); }

qint64 scalar(const QString &path, const char *sql) {
    sqlite3 *db = nullptr;
    sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *st = nullptr;
    qint64 v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

QString integrity(const QString &path) {
    sqlite3 *db = nullptr;
    sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *st = nullptr;
    QString v;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/// The annotation set as comparable strings (uuid + what + who).
QStringList annotationSet(const QString &path) {
    auto db = cs::CaseDb::open(path.toStdString(), cs::OpenMode::ReadOnly);
    if (!db)
        return {QStringLiteral("cannot open: ") + QString::fromStdString(db.error().message)};
    auto all = cs::AnnotationStore(**db).all();
    QStringList out;
    for (const auto &a : *all)
        out << QString::fromStdString(a.uuid + "|" + cs::toString(a.targetKind) + ":" + std::to_string(a.targetId) +
                                      "|" + cs::toString(a.kind) + "=" + a.value + "|" + a.analyst);
    out.sort();
    return out;
}

void flipByte(const QString &path, qint64 offset) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.seek(offset));
    char c = 0;
    QVERIFY(f.getChar(&c));
    QVERIFY(f.seek(offset));
    QVERIFY(f.putChar(static_cast<char>(c ^ 0x01)));
}

}  // namespace

class TestCaseSharing : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    harrier::test::FixtureCase m_fx;

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY(harrier::test::buildFixtureCase(m_dir.path(), QStringLiteral("alice"), m_fx));
    }

    void exportIsConsistentWhileAWriterIsActive() {
        const QString out = m_dir.path() + QStringLiteral("/live-export.hcase");
        // This process holds the case for writing and keeps committing while
        // harrier-cli (another process) takes the snapshot.
        auto db = cs::CaseDb::open(m_fx.casePath.toStdString(), cs::OpenMode::ReadWrite);
        QVERIFY(db);
        QVERIFY((*db)->writerActive());
        cs::AnnotationStore store(**db);
        QProcess p;
        p.start(harrier::test::cliPath(), {"case", "export", m_fx.casePath, out, "--analyst", "carol", "--json"});
        QVERIFY(p.waitForStarted());
        int written = 0;
        while (p.state() != QProcess::NotRunning || written < 20) {
            QVERIFY(store.add(cs::TargetKind::Object, m_fx.logId, cs::AnnotationKind::Tag,
                              "live-" + std::to_string(written++)));
            p.waitForFinished(5);
        }
        QCOMPARE(p.exitCode(), 0);
        const auto j = jsonObject(p.readAllStandardOutput());
        QCOMPARE(integrity(out), QStringLiteral("ok"));
        // A consistent state: some prefix of the tags, never a torn one.
        const qint64 exported = scalar(out, "SELECT count(*) FROM annotations WHERE value LIKE 'live-%'");
        QVERIFY(exported >= 0 && exported <= written);
        QCOMPARE(scalar(out, "SELECT count(*) FROM audit_log WHERE action='annotate.tag'"), exported);
        QVERIFY(!QFile::exists(out + QStringLiteral("-wal")));  // self-contained
        QCOMPARE(j["sha256"].toString(), harrier::test::sha256sum(out));
        QCOMPARE(j["exporter"].toString(), QStringLiteral("carol"));
        // Clean up the tags so later tests see the fixture as built.
        db->reset();
        sqlite3 *raw = nullptr;
        sqlite3_open(m_fx.casePath.toUtf8().constData(), &raw);
        sqlite3_exec(raw, "DELETE FROM annotations WHERE value LIKE 'live-%'", nullptr, nullptr, nullptr);
        sqlite3_close(raw);
    }

    void manifestDetectsOneAlteredByte() {
        const QString out = m_dir.path() + QStringLiteral("/tamper.hcase");
        QCOMPARE(runCli({"case", "export", m_fx.casePath, out}), 0);
        QVERIFY(QFile::exists(out + QStringLiteral(".manifest.json")));
        const auto manifest = QJsonDocument::fromJson([&] {
                                  QFile f(out + QStringLiteral(".manifest.json"));
                                  f.open(QIODevice::ReadOnly);
                                  return f.readAll();
                              }()).object();
        QCOMPARE(manifest["sha256"].toString(), harrier::test::sha256sum(out));
        QVERIFY(!manifest["case_uuid"].toString().isEmpty());
        QVERIFY(!manifest["exporter"].toString().isEmpty());
        QVERIFY(!manifest["exported_at"].toString().isEmpty());
        QCOMPARE(runCli({"case", "info", out}), 0);

        // One byte in the middle of the file (often an unused page SQLite
        // itself would never notice).
        flipByte(out, QFileInfo(out).size() / 2);
        QByteArray err;
        QCOMPARE(runCli({"case", "info", out}, nullptr, &err), 5);
        QVERIFY2(err.contains("does not match its export manifest"), err.constData());
        QVERIFY(!cs::CaseDb::open(out.toStdString(), cs::OpenMode::ReadWrite));
        // The explicit override opens it (read-only here).
        cs::OpenOptions o;
        o.ignoreManifest = true;
        auto forced = cs::CaseDb::open(out.toStdString(), cs::OpenMode::ReadOnly, o);
        QVERIFY(forced);
        QVERIFY((*forced)->manifestState() == cs::ManifestState::Ignored);
        // Every command that reads a case takes the same override, so the
        // analyst can still inspect what arrived.
        for (const QStringList &cmd : {QStringList{"case", "info"}, QStringList{"stats"}, QStringList{"errors"},
                                       QStringList{"emails"}, QStringList{"hits"}, QStringList{"timeline"}})
            QCOMPARE(runCli(cmd + QStringList{out, "--ignore-manifest"}), 0);
    }

    void verifiedExportStaysOpenableAfterItsNewOwnerWritesToIt() {
        const QString out = m_dir.path() + QStringLiteral("/handover.hcase");
        QCOMPARE(runCli({"case", "export", m_fx.casePath, out, "--analyst", "alice"}), 0);
        QCOMPARE(runCli({"annotate", out, QString::number(m_fx.emailId), "--tag", "phish", "--analyst", "bob",
                         "--write"}),
                 0);
        // The file changed, the manifest did not: it was verified when it
        // arrived, so it is accepted, not refused.
        auto db = cs::CaseDb::open(out.toStdString(), cs::OpenMode::ReadOnly);
        QVERIFY2(db, db ? "" : db.error().message.c_str());
        QVERIFY((*db)->manifestState() == cs::ManifestState::Accepted ||
                (*db)->manifestState() == cs::ManifestState::Verified);
    }

    void exportWithoutContentKeepsTimelineAndSaysWhyContentIsMissing() {
        const QString out = m_dir.path() + QStringLiteral("/no-content.hcase");
        QByteArray json;
        QCOMPARE(runCli({"case", "export", m_fx.casePath, out, "--without-content", "--json"}, &json), 0);
        QCOMPARE(jsonObject(json)["blobs"].toInt(), 0);
        QVERIFY(QFileInfo(out).size() > 0);
        QCOMPARE(scalar(out, "SELECT count(*) FROM blobs"), 0);
        QVERIFY(scalar(m_fx.casePath, "SELECT count(*) FROM blobs") > 0);

        QByteArray timeline;
        QCOMPARE(runCli({"timeline", out, "--format", "jsonl"}, &timeline), 0);
        QByteArray original;
        QCOMPARE(runCli({"timeline", m_fx.casePath, "--format", "jsonl"}, &original), 0);
        QVERIFY(timeline.count('\n') > 40);
        QCOMPARE(timeline.count('\n'), original.count('\n'));
        QVERIFY(timeline.contains("shell.aspx"));
        QByteArray search;
        QCOMPARE(runCli({"timeline", out, "--search", "whoami", "--format", "jsonl"}, &search), 0);
        QCOMPARE(search.count('\n'), 1);
        QByteArray emails;
        QCOMPARE(runCli({"emails", out, "--json"}, &emails), 0);
        QVERIFY(emails.contains("Invoice 4471 overdue"));
        QCOMPARE(runCli({"stats", out}), 0);

        auto db = cs::CaseDb::open(out.toStdString(), cs::OpenMode::ReadOnly);
        QVERIFY(db);
        QVERIFY(!(*db)->info().contentIncluded);
        auto log = cs::CaseReader(**db).object(m_fx.logId);
        QVERIFY(log && !log->blobSha256.empty());
        auto blob = cs::CaseReader(**db).blob(log->blobSha256);
        QVERIFY(!blob);
        QVERIFY2(blob.error().message.find("content not included in this export") != std::string::npos,
                 blob.error().message.c_str());
    }

    void onlyTaggedKeepsTheItemsWithProvenanceEventsHitsAndAnnotations() {
        const QString mine = m_dir.path() + QStringLiteral("/tagged-src.hcase");
        QVERIFY(QFile::copy(m_fx.casePath, mine));
        QCOMPARE(runCli({"annotate", mine, QString::number(m_fx.emailId), "--tag", "phishing", "--analyst", "alice"}), 0);
        const QString out = m_dir.path() + QStringLiteral("/tagged.hcase");
        QByteArray json;
        QCOMPARE(runCli({"case", "export", mine, out, "--only-tagged", "--json"}, &json), 0);
        QCOMPARE(integrity(out), QStringLiteral("ok"));
        // The email, its ancestors up to its source, nothing from the IIS log.
        QCOMPARE(scalar(out, QStringLiteral("SELECT count(*) FROM objects WHERE id=%1").arg(m_fx.emailId).toUtf8()), 1);
        QCOMPARE(scalar(out, QStringLiteral("SELECT count(*) FROM objects WHERE id=%1").arg(m_fx.logId).toUtf8()), 0);
        QCOMPARE(scalar(out, "SELECT count(*) FROM objects o WHERE o.parent_id IS NOT NULL AND "
                             "o.parent_id NOT IN (SELECT id FROM objects)"),
                 0);
        QCOMPARE(scalar(out, "SELECT count(*) FROM sources"), 1);
        QCOMPARE(scalar(out, "SELECT count(*) FROM events WHERE object_id NOT IN (SELECT id FROM objects)"), 0);
        QVERIFY(scalar(out, "SELECT count(*) FROM events") >= 1);
        QVERIFY(scalar(out, "SELECT count(*) FROM events") < scalar(mine, "SELECT count(*) FROM events"));
        QCOMPARE(scalar(out, "SELECT count(*) FROM hits WHERE rule_set='yara'"), 0);
        QCOMPARE(scalar(out, "SELECT count(*) FROM hits WHERE rule_set='analyzer:tracking_pixel'"), 1);
        QCOMPARE(scalar(out, "SELECT count(*) FROM annotations WHERE value='phishing'"), 1);
        QByteArray emails;
        QCOMPARE(runCli({"emails", out, "--json"}, &emails), 0);
        QVERIFY(emails.contains("Invoice 4471 overdue"));
        QByteArray search;
        QCOMPARE(runCli({"timeline", out, "--search", "whoami", "--format", "jsonl"}, &search), 0);
        QCOMPARE(search.count('\n'), 0);  // the IIS log's messages left with it
    }

    void colleaguesCaseIsReadOnlyByDefault() {
        const QString c = m_dir.path() + QStringLiteral("/owned.hcase");
        QVERIFY(QFile::copy(m_fx.casePath, c));
        QByteArray err;
        QCOMPARE(runCli({"annotate", c, QString::number(m_fx.emailId), "--note", "looks bad", "--analyst", "bob"},
                        nullptr, &err),
                 5);
        QVERIFY2(err.contains("belongs to alice") && err.contains("--write"), err.constData());
        QCOMPARE(scalar(c, "SELECT count(*) FROM annotations"), 0);
        QCOMPARE(runCli({"annotate", c, QString::number(m_fx.emailId), "--note", "looks bad", "--analyst", "alice"}), 0);
        QCOMPARE(runCli({"annotate", c, QString::number(m_fx.emailId), "--verdict", "suspicious", "--analyst", "bob",
                         "--write"}),
                 0);
        // bob's action is now in the audit log: the case is his too.
        QCOMPARE(runCli({"annotate", c, QString::number(m_fx.emailId), "--bookmark", "--analyst", "bob"}), 0);
        qputenv("HARRIER_ANALYST", "dave");
        QCOMPARE(runCli({"annotate", c, QString::number(m_fx.emailId), "--bookmark"}), 5);
        qunsetenv("HARRIER_ANALYST");
        QCOMPARE(runCli({"annotate", c, "999999", "--bookmark", "--analyst", "alice"}), 1);
        QCOMPARE(runCli({"annotate", c, QString::number(m_fx.emailId), "--verdict", "evil", "--analyst", "alice"}), 2);
        QCOMPARE(runCli({"annotate", c, QString::number(m_fx.emailId), "--analyst", "alice"}), 2);
        auto set = annotationSet(c);
        QCOMPARE(set.size(), 3);
        QVERIFY(set.join(' ').contains("note=looks bad|alice"));
        QVERIFY(set.join(' ').contains("verdict=suspicious|bob"));
    }

    // A case from elsewhere with a trigger (here: one that would delete the
    // evidence as soon as an analyst annotates) or a view standing in for a
    // table is refused, read-only or not; Harrier's schema has neither.
    void caseWithTriggerOrViewIsRefused_data() {
        QTest::addColumn<QString>("sql");
        QTest::newRow("trigger") << QStringLiteral(
            "CREATE TRIGGER quiet AFTER INSERT ON annotations BEGIN DELETE FROM attributes; END");
        QTest::newRow("view") << QStringLiteral(
            "ALTER TABLE sources RENAME TO real_sources; CREATE VIEW sources AS SELECT * FROM real_sources");
    }

    void caseWithTriggerOrViewIsRefused() {
        QFETCH(QString, sql);
        const QString c = m_dir.path() + QStringLiteral("/crafted-%1.hcase").arg(QTest::currentDataTag());
        QVERIFY(QFile::copy(m_fx.casePath, c));
        QFile::setPermissions(c, QFile::ReadOwner | QFile::WriteOwner);
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open_v2(c.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
        char *error = nullptr;
        const int rc = sqlite3_exec(db, sql.toUtf8().constData(), nullptr, nullptr, &error);
        QVERIFY2(rc == SQLITE_OK, error);
        sqlite3_close(db);
        for (const auto mode : {cs::OpenMode::ReadOnly, cs::OpenMode::ReadWrite}) {
            auto opened = cs::CaseDb::open(c.toStdString(), mode);
            QVERIFY(!opened);
            QVERIFY2(opened.error().message.find("Harrier never creates") != std::string::npos,
                     opened.error().message.c_str());
        }
        const qint64 attributes = scalar(c, "SELECT count(*) FROM attributes");
        QVERIFY(attributes > 0);
        QCOMPARE(runCli({"annotate", c, QString::number(m_fx.emailId), "--note", "x", "--analyst", "alice"}), 5);
        QCOMPARE(scalar(c, "SELECT count(*) FROM attributes"), attributes);
    }

    void annotateAnEventById() {
        const QString c = m_dir.path() + QStringLiteral("/events.hcase");
        QVERIFY(QFile::copy(m_fx.casePath, c));
        QByteArray out;
        QCOMPARE(runCli({"timeline", c, "--search", "whoami", "--format", "jsonl"}, &out), 0);
        const qint64 eventId = QJsonDocument::fromJson(out.trimmed()).object()["id"].toInteger();
        QVERIFY(eventId > 0);
        QCOMPARE(runCli({"annotate", c, QString::number(eventId), "--event", "--bookmark", "--tag", "webshell",
                         "--analyst", "alice", "--json"},
                        &out),
                 0);
        QCOMPARE(QJsonDocument::fromJson(out).array().size(), 2);
        QByteArray tagged;
        QCOMPARE(runCli({"timeline", c, "--tag", "webshell", "--format", "jsonl"}, &tagged), 0);
        QCOMPARE(tagged.count('\n'), 1);
    }

    void olderCaseIsUpgradedOnlyOnACopy() {
        const QString old = m_dir.path() + QStringLiteral("/old.hcase");
        {
            // A case as Harrier 1.1 wrote it: no full-text index yet.
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open(old.toUtf8().constData(), &db), SQLITE_OK);
            QVERIFY(cs::applyMigrations(db, {}, 1));
            sqlite3_exec(db, "INSERT INTO meta(key, value) VALUES ('case_uuid', 'old-uuid'), ('case_name', 'Old'), "
                             "('created_by', 'alice'), ('created_at', '1700000000000000')",
                         nullptr, nullptr, nullptr);
            sqlite3_close(db);
        }
        QCOMPARE(scalar(old, "SELECT value FROM meta WHERE key='schema_minor'"), 1);
        QByteArray err;
        QCOMPARE(runCli({"case", "merge", old, m_fx.casePath, "--analyst", "bob", "--write"}, nullptr, &err), 5);
        QVERIFY2(err.contains("case upgrade") && err.contains("not migrated in place"), err.constData());
        QCOMPARE(scalar(old, "SELECT value FROM meta WHERE key='schema_minor'"), 1);  // untouched

        const QString copy = m_dir.path() + QStringLiteral("/old-upgraded.hcase");
        QByteArray out;
        QCOMPARE(runCli({"case", "upgrade", old, copy, "--analyst", "bob", "--json"}, &out), 0);
        QCOMPARE(jsonObject(out)["schema"].toString(),
                 QStringLiteral("1.%1").arg(cs::currentSchemaMinor()));
        QCOMPARE(scalar(old, "SELECT value FROM meta WHERE key='schema_minor'"), 1);
        QCOMPARE(scalar(copy, "SELECT value FROM meta WHERE key='schema_minor'"), cs::currentSchemaMinor());
        QCOMPARE(scalar(copy, "SELECT count(*) FROM audit_log WHERE action='case.upgrade' AND analyst='bob'"), 1);
        // The owner's own older case still migrates in place, as before.
        QCOMPARE(runCli({"case", "upgrade", old, copy}), 1);  // never overwrites
        auto own = cs::CaseDb::open(old.toStdString(), cs::OpenMode::ReadWrite);
        QVERIFY(own);
        QCOMPARE((*own)->info().schemaMinor, cs::currentSchemaMinor());
    }

    void mergeRoundTripConvergesAndIsIdempotent() {
        const QString a = m_dir.path() + QStringLiteral("/alice.hcase");
        const QString b = m_dir.path() + QStringLiteral("/bob.hcase");
        QCOMPARE(runCli({"case", "export", m_fx.casePath, a, "--analyst", "alice"}), 0);
        QCOMPARE(runCli({"case", "export", m_fx.casePath, b, "--analyst", "alice"}), 0);
        const QString email = QString::number(m_fx.emailId), log = QString::number(m_fx.logId);
        // The copies diverge: each analyst annotates their own.
        QCOMPARE(runCli({"annotate", a, email, "--verdict", "malicious", "--tag", "phishing", "--analyst", "alice"}), 0);
        QCOMPARE(runCli({"annotate", b, email, "--verdict", "benign", "--note", "newsletter, not phishing",
                         "--analyst", "bob", "--write"}),
                 0);
        QCOMPARE(runCli({"annotate", b, log, "--bookmark", "--analyst", "bob"}), 0);
        QVERIFY(annotationSet(a) != annotationSet(b));

        QByteArray out;
        QCOMPARE(runCli({"case", "merge", a, b, "--analyst", "alice", "--json"}, &out), 0);
        auto j = jsonObject(out);
        QCOMPARE(j["annotations_added"].toInt(), 3);
        QCOMPARE(j["conflicts"].toArray().size(), 1);
        const auto conflict = j["conflicts"].toArray()[0].toObject();
        QCOMPARE(conflict["target_id"].toInteger(), m_fx.emailId);
        QSet<QString> who;
        for (const auto &v : conflict["verdicts"].toArray())
            who << v.toObject()["value"].toString() + QLatin1Char('/') + v.toObject()["analyst"].toString();
        QCOMPARE(who, (QSet<QString>{QStringLiteral("malicious/alice"), QStringLiteral("benign/bob")}));

        QCOMPARE(runCli({"case", "merge", b, a, "--analyst", "bob", "--json"}, &out), 0);
        QCOMPARE(jsonObject(out)["annotations_added"].toInt(), 2);
        QCOMPARE(annotationSet(a), annotationSet(b));
        QCOMPARE(annotationSet(a).size(), 5);

        // Again: nothing changes, but the audit log records the attempt.
        const QStringList before = annotationSet(a);
        QCOMPARE(runCli({"case", "merge", a, b, "--analyst", "alice", "--json"}, &out), 0);
        QCOMPARE(jsonObject(out)["annotations_added"].toInt(), 0);
        QCOMPARE(jsonObject(out)["annotations_already_present"].toInt(), 5);
        QCOMPARE(annotationSet(a), before);
        QCOMPARE(scalar(a, "SELECT count(*) FROM audit_log WHERE action='case.merge'"), 2);
        QCOMPARE(runCli({"case", "merge", a, b, "--analyst", "alice"}, &out), 0);
        QVERIFY2(out.contains("Conflicting verdicts") && out.contains("benign by bob"), out.constData());

        // A different case is refused, clearly.
        QTemporaryDir other;
        const QString c = other.path() + QStringLiteral("/other.hcase");
        QCOMPARE(runCli({"case", "new", c, "--name", "Other", "--analyst", "alice"}), 0);
        QByteArray err;
        QCOMPARE(runCli({"case", "merge", a, c, "--analyst", "alice"}, nullptr, &err), 5);
        QVERIFY2(err.contains("not a copy of") && err.contains("ids only match between copies"), err.constData());
        QCOMPARE(annotationSet(a), before);
    }
};

QTEST_GUILESS_MAIN(TestCaseSharing)
#include "tst_case_sharing.moc"
