// Regression: TNEF attachment names stored as PT_UNICODE were decoded twice
// (libytnef already converts them to UTF-8) and read uninitialised bytes, so
// names came out as different garbage on every run. Expected names are the
// ones tnefparse's own upstream test suite (tests/test_decoding.py) lists for
// its example files, which the corpus holds.
#include <QtTest>

#include <sqlite3.h>

#include "support/test_support.h"

using harrier::test::runCli;

class TestTnefNames : public QObject {
    Q_OBJECT
private slots:
    void attachmentNames_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("names");
        QTest::newRow("unicode-mapi-attr-name") << "unicode-mapi-attr-name.tnef"
                                                << QStringList{"spaconsole2.cfg", "image001.png", "image002.png",
                                                               "image003.png"};
        QTest::newRow("unicode-mapi-attr") << "unicode-mapi-attr.tnef" << QStringList{"example.dat"};
        QTest::newRow("one-file") << "one-file.tnef" << QStringList{"AUTHORS"};
        QTest::newRow("long-filename") << "long-filename.tnef" << QStringList{"allproductsmar2000.dat"};
        QTest::newRow("multi-value-attribute")
            << "multi-value-attribute.tnef" << QStringList{"208225__5_seconds__Voice_Mail.mp3"};
    }
    void attachmentNames() {
        QFETCH(QString, file);
        QFETCH(QStringList, names);
        HARRIER_REQUIRE_CORPUS(path, "email_parser_testsuites/tnefparse/examples/" + file);
        QTemporaryDir dir;
        const QString c = dir.path() + "/t.hcase";
        QCOMPARE(runCli({"case", "new", c, "--name", "tnef"}), 0);
        const int rc = runCli({"ingest", c, path, "--quiet"});
        QVERIFY(rc == 0 || rc == 4);
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open_v2(c.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_stmt *st = nullptr;
        sqlite3_prepare_v2(db, "SELECT name FROM objects WHERE kind = 'attachment' ORDER BY id", -1, &st, nullptr);
        QStringList stored;
        while (sqlite3_step(st) == SQLITE_ROW)
            stored << QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)));
        sqlite3_finalize(st);
        sqlite3_close(db);
        // body.html / body.rtf are the message bodies Harrier also keeps; the files come first.
        QCOMPARE(stored.mid(0, names.size()), names);
    }

    void winmailDatInEmlExpandedOnce() {
        // Regression: a winmail.dat MIME part was expanded twice, by the mail
        // parser and by the pipeline's TNEF parser, so every file inside it
        // was stored twice. Each path must be stored once, and the children
        // must be what the TNEF container counted (seen).
        HARRIER_REQUIRE_CORPUS(path, "email_mimekit/tnef/rich-text.eml");
        QTemporaryDir dir;
        const QString c = dir.path() + "/t.hcase";
        QCOMPARE(runCli({"case", "new", c, "--name", "tnef"}), 0);
        const int rc = runCli({"ingest", c, path, "--quiet"});
        QVERIFY(rc == 0 || rc == 4);
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open_v2(c.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        auto scalar = [&](const char *sql) {
            sqlite3_stmt *st = nullptr;
            sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
            const int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
            sqlite3_finalize(st);
            return v;
        };
        const int children = scalar("SELECT count(*) FROM objects WHERE parent_id = "
                                    "(SELECT id FROM objects WHERE kind = 'attachment' AND name = 'winmail.dat')");
        const int distinctPaths = scalar("SELECT count(DISTINCT path) FROM objects WHERE parent_id = "
                                         "(SELECT id FROM objects WHERE kind = 'attachment' AND name = 'winmail.dat')");
        const int seen = scalar("SELECT seen FROM reconciliation WHERE object_id = "
                                "(SELECT id FROM objects WHERE kind = 'attachment' AND name = 'winmail.dat')");
        sqlite3_close(db);
        QVERIFY(children > 0);
        QCOMPARE(distinctPaths, children);
        QCOMPARE(children, seen);
    }
};

QTEST_GUILESS_MAIN(TestTnefNames)
#include "tst_tnef_names.moc"
