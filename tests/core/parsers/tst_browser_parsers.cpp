// Browser history parsers against independent answers: every visit/download
// count is what the sqlite3 CLI (a separate program) reports for the same
// database file, run by the test itself.
#include <QProcess>
#include <QtTest>

#include <set>

#include "collecting_sink.h"
#include "parsers/browser/chrome_history_parser.h"
#include "parsers/browser/firefox_places_parser.h"
#include "parsers/browser/msiecf_parser.h"
#include "parsers/browser/safari_history_parser.h"
#include "support/test_support.h"

using namespace harrier;
using harrier::test::CollectingSink;

namespace {
// Runs `sqlite3` read-only and immutable on the evidence, returns the integer it prints.
qint64 sqliteCount(const QString &db, const QString &sql) {
    QProcess p;
    p.start("sqlite3", {"-readonly", "file:" + db + "?immutable=1", sql});
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return -1;
    bool ok = false;
    const qint64 n = p.readAllStandardOutput().trimmed().toLongLong(&ok);
    return ok ? n : -1;
}
}  // namespace

class TestBrowserParsers : public QObject {
    Q_OBJECT
private slots:
    void chromeVisits_data() {
        QTest::addColumn<QString>("file");
        for (const char *f : {"History", "History-57.0.2987.133", "History-58.0.3029.96", "History-59.0.3071.86",
                              "History-59_added-fake-column"})
            QTest::newRow(f) << QString("endpoint_triage/plaso_test_data/chrome/") + f;
        QTest::newRow("velociraptor ChromeHistory") << "endpoint_triage/velociraptor_testdata/ChromeHistory.sqlite";
    }
    void chromeVisits() {
        QFETCH(QString, file);
        HARRIER_REQUIRE_CORPUS(path, file);
        const qint64 visits = sqliteCount(path, "SELECT count(*) FROM visits");
        const qint64 datedVisits = sqliteCount(path, "SELECT count(*) FROM visits WHERE visit_time > 0");
        const qint64 downloads = sqliteCount(path, "SELECT count(*) FROM downloads");
        QVERIFY(visits > 0);
        QVERIFY(downloads >= 0);
        parsers::browser::ChromeHistoryParser parser;
        CollectingSink sink;
        ingest::Confidence c{};
        const auto r = test::runParser(parser, path, sink, &c);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QVERIFY(c >= ingest::Confidence::Content);
        QCOMPARE(qint64(sink.eventsOfType("browser:chrome:visit").size()), datedVisits);
        QCOMPARE(qint64(sink.eventsWithDesc("Download Started").size()), downloads);
        const auto counts = sink.counts.at(test::kItemId);
        QCOMPARE(qint64(counts.seen), visits + downloads);
        QVERIFY(counts.reconciles());
        QVERIFY(sink.errors.empty());
        // Every distinct visited URL became an observable.
        const qint64 urls = sqliteCount(path, "SELECT count(DISTINCT u.url) FROM visits v JOIN urls u ON v.url = u.id");
        qint64 urlObservables = 0;
        for (const auto &o : sink.observables)
            urlObservables += o.kind == "url";
        QVERIFY(urlObservables >= urls);
    }
    void chromeVisitTime() {
        HARRIER_REQUIRE_CORPUS(path, "endpoint_triage/plaso_test_data/chrome/History");
        // sqlite3 converts the WebKit time independently (µs since 1601 -> Unix).
        const qint64 first = sqliteCount(path, "SELECT visit_time - 11644473600000000 FROM visits ORDER BY id LIMIT 1");
        parsers::browser::ChromeHistoryParser parser;
        CollectingSink sink;
        QVERIFY(test::runParser(parser, path, sink).ok());
        const auto visits = sink.eventsOfType("browser:chrome:visit");
        QVERIFY(!visits.empty());
        QCOMPARE(visits.front()->time.micros, first);
    }
    void firefox_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("visitSql");
        QTest::addColumn<QString>("otherSql");
        QTest::newRow("places") << "endpoint_triage/plaso_test_data/firefox/places.sqlite"
                                << "SELECT count(*) FROM moz_historyvisits WHERE visit_date > 0"
                                << "SELECT count(*) FROM moz_bookmarks";
        QTest::newRow("downloads") << "endpoint_triage/plaso_test_data/firefox/downloads.sqlite"
                                   << "SELECT 0" << "SELECT count(*) FROM moz_downloads";
    }
    void firefox() {
        QFETCH(QString, file);
        QFETCH(QString, visitSql);
        QFETCH(QString, otherSql);
        HARRIER_REQUIRE_CORPUS(path, file);
        const qint64 visits = sqliteCount(path, visitSql);
        const qint64 other = sqliteCount(path, otherSql);
        QVERIFY(visits >= 0 && other >= 0);
        parsers::browser::FirefoxPlacesParser parser;
        CollectingSink sink;
        ingest::Confidence c{};
        const auto r = test::runParser(parser, path, sink, &c);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QVERIFY(c >= ingest::Confidence::Content);
        QCOMPARE(qint64(sink.eventsOfType("browser:firefox:visit").size()), visits);
        QVERIFY(sink.counts.at(test::kItemId).reconciles());
        QVERIFY(qint64(sink.counts.at(test::kItemId).seen) >= visits + other);
    }
    void safari() {
        HARRIER_REQUIRE_CORPUS(path, "endpoint_triage/plaso_test_data/safari/History.db");
        const qint64 visits = sqliteCount(path, "SELECT count(*) FROM history_visits");
        // CFAbsoluteTime -> Unix µs computed by sqlite3 for the first visit.
        const qint64 first =
            sqliteCount(path, "SELECT CAST(round((visit_time + 978307200) * 1000000) AS INTEGER) FROM history_visits ORDER BY id LIMIT 1");
        parsers::browser::SafariHistoryParser parser;
        CollectingSink sink;
        QVERIFY(test::runParser(parser, path, sink).ok());
        const auto events = sink.eventsOfType("browser:safari:visit");
        QCOMPARE(qint64(events.size()), visits);
        QCOMPARE(events.front()->time.micros, first);
        QCOMPARE(qint64(sink.counts.at(test::kItemId).seen), visits);
    }
    void msiecf_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("History.IE5") << "endpoint_triage/plaso_test_data/msiecf/History.IE5/index.dat";
        QTest::newRow("Content.IE5") << "endpoint_triage/plaso_test_data/msiecf/Content.IE5/index.dat";
        QTest::newRow("nfury") << "endpoint_triage/plaso_test_data/msiecf/nfury_index.dat";
    }
    void msiecf() {
        QFETCH(QString, file);
        HARRIER_REQUIRE_CORPUS(path, file);
        parsers::browser::MsiecfParser parser;
        CollectingSink sink;
        ingest::Confidence c{};
        const auto r = test::runParser(parser, path, sink, &c);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(c, ingest::Confidence::Magic);
        QVERIFY(!sink.events.empty());
        QVERIFY(sink.counts.at(test::kItemId).reconciles());
    }
    void differentDatabaseNamedHistory() {
        // velociraptor's history.sqlite holds only a `urls` table: not claimed, and
        // forced through the parser it gives a warning, no events, no failure.
        HARRIER_REQUIRE_CORPUS(path, "endpoint_triage/velociraptor_testdata/history.sqlite");
        parsers::browser::ChromeHistoryParser parser;
        CollectingSink sink;
        ingest::Confidence c{};
        QVERIFY(test::runParser(parser, path, sink, &c).ok());
        QCOMPARE(c, ingest::Confidence::None);
        QVERIFY(sink.events.empty());
        QCOMPARE(sink.errors.size(), std::size_t(1));
        QCOMPARE(sink.errors.front().severity, casestore::ErrorSeverity::Warning);
    }
    void notADatabase() {
        // Truncated SQLite: a clean error, no crash.
        QTemporaryDir dir;
        const QString p = dir.filePath("History");
        QFile src(test::corpusPath("endpoint_triage/plaso_test_data/chrome/History"));
        if (!src.open(QIODevice::ReadOnly))
            QSKIP("corpus not present");
        test::writeFile(p, src.read(3000));
        parsers::browser::ChromeHistoryParser parser;
        CollectingSink sink;
        const auto r = test::runParser(parser, p, sink);
        QVERIFY(!r.ok());
    }
};

QTEST_GUILESS_MAIN(TestBrowserParsers)
#include "tst_browser_parsers.moc"
