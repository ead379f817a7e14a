// The GUI views against a case whose contents are known (ui_sample_case.h):
// the timeline model against EventQuery's own answers, the email viewer's
// no-network guarantee against a real local TCP server, the hits view
// against HitStore inserts, the hex view against a formula blob.
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QHeaderView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTabWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include <sys/stat.h>

#include "casestore/event_query.h"
#include "ui/models/hits_model.h"
#include "ui/models/timeline_model.h"
#include "ui/views/artifact_view.h"
#include "ui/views/email_view.h"
#include "ui/views/hex_view.h"
#include "ui/views/hits_view.h"
#include "ui/views/safe_html_browser.h"
#include "ui/views/timeline_scroller.h"
#include "ui/views/timeline_view.h"
#include "ui_sample_case.h"

using namespace harrier;
using namespace harrier::casestore;
using namespace harrier::ui;

class TestUiViews : public QObject {
    Q_OBJECT
    QTcpServer m_server;
    int m_connections = 0;
    std::unique_ptr<test::SampleCase> m_case;

    CaseDb &db() { return *m_case->tc->db; }
    std::vector<EventRow> allRows(const EventFilter &f) {
        std::vector<EventRow> out;
        std::optional<EventCursor> c;
        for (;;) {
            auto page = EventQuery(db()).page(f, c, PageDirection::Forward, 500);
            if (!page || page->empty())
                return out;
            c = EventCursor{page->back().time, page->back().id};
            out.insert(out.end(), page->begin(), page->end());
        }
    }
    static bool waitCounted(TimelineModel &m) {
        QSignalSpy spy(&m, &TimelineModel::counted);
        return m.isCounted() || spy.wait(10000);
    }
    static bool waitLoaded(TimelineModel &m, int row) {
        m.ensureLoaded(row);
        QElapsedTimer t;
        t.start();
        while (!m.eventAt(row) && t.elapsed() < 10000)
            QTest::qWait(5);
        return m.eventAt(row) != nullptr;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (auto *s = m_server.nextPendingConnection()) {
                ++m_connections;
                s->deleteLater();
            }
        });
        m_case = test::buildSampleCase(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
    }

    // The server really counts connections (else "zero connections" would prove nothing).
    void serverCountsConnections() {
        const int before = m_connections;
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_server.serverPort());
        QVERIFY(probe.waitForConnected(3000));
        QTRY_COMPARE(m_connections, before + 1);
        probe.close();
        m_connections = before;
    }

    void timelineCountAndPages() {
        TimelineModel m(db().path());
        m.setFilter({});
        QVERIFY(waitCounted(m));
        const auto expected = allRows({});
        QCOMPARE(m.rowCount(), static_cast<int>(*EventQuery(db()).count({})));
        QCOMPARE(m.rowCount(), static_cast<int>(expected.size()));
        // Sequential page, then far rows reached through the seek index and from the end.
        QVERIFY(waitLoaded(m, 0));
        QCOMPARE(m.eventAt(0)->id, expected[0].id);
        QSignalSpy built(&m, &TimelineModel::seekIndexBuilt);
        QVERIFY(m.seekIndexReady() || built.wait(10000));
        for (int row : {777, 401, 999, 612, 5}) {
            QVERIFY2(waitLoaded(m, row), qPrintable(QString::number(row)));
            QCOMPARE(m.eventAt(row)->id, expected[static_cast<std::size_t>(row)].id);
            QCOMPARE(m.data(m.index(row, TimelineModel::Message), Qt::DisplayRole).toString(),
                     QString::fromStdString(expected[static_cast<std::size_t>(row)].message));
        }
        QCOMPARE(m.data(m.index(0, TimelineModel::Time), Qt::DisplayRole).toString(),
                 QStringLiteral("2024-03-25 00:00:00.000"));
        QVERIFY(m.data(m.index(0, TimelineModel::Time), Qt::ToolTipRole).toString().contains(QStringLiteral("Local:")));
    }

    // The window: the view sees at most windowSize() rows; rows and pages at
    // its boundaries must be the core's (EventQuery) and the formula's
    // (event i is "event i ..." at kBase + i minutes) wherever it sits.
    void timelineWindowBoundaries() {
        TimelineModel m(db().path());
        m.setWindowSize(300);
        m.setFilter({});
        QVERIFY(waitCounted(m));
        const auto expected = allRows({});
        QCOMPARE(m.totalRows(), static_cast<int>(*EventQuery(db()).count({})));
        QCOMPARE(m.totalRows(), 1000);
        QCOMPARE(m.rowCount(), 300);  // not 1000: the view never hears of the rest
        QVERIFY(!m.index(300, 0).isValid());
        auto check = [&](int row) {
            const int abs = m.windowStart() + row;
            QVERIFY2(waitLoaded(m, row), qPrintable(QString::number(abs)));
            QCOMPARE(m.eventAt(row)->id, expected[static_cast<std::size_t>(abs)].id);
            QCOMPARE(m.eventAtAbsolute(abs)->id, expected[static_cast<std::size_t>(abs)].id);
            QVERIFY(m.data(m.index(row, TimelineModel::Message), Qt::DisplayRole)
                        .toString()
                        .startsWith(QStringLiteral("event %1 ").arg(abs)));
        };
        for (int row : {0, 199, 200, 299})  // a page boundary (200) inside the window
            check(row);
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        m.setWindowStart(650);  // not page-aligned: the window straddles pages 3 and 4
        QCOMPARE(reset.count(), 1);
        QCOMPARE(m.windowStart(), 650);
        QCOMPARE(m.rowCount(), 300);
        for (int row : {0, 149, 150, 299})
            check(row);
        m.setWindowStart(900);  // clamped so the window stays full and ends at the last event
        QCOMPARE(m.windowStart(), 700);
        QCOMPARE(m.rowCount(), 300);
        check(299);
        QCOMPARE(m.eventAt(299)->id, expected.back().id);
        m.setWindowStart(-5);
        QCOMPARE(m.windowStart(), 0);
        check(0);

        // A filter restarts at the top; its tail window ends at its last row.
        EventFilter f;
        f.hosts = {"WS1"};  // i % 4 == 1: 250 events, the last is event 997
        m.setWindowSize(100);
        m.setFilter(f);
        QVERIFY(waitCounted(m));
        const auto ws1 = allRows(f);
        QCOMPARE(m.totalRows(), 250);
        QCOMPARE(m.totalRows(), static_cast<int>(ws1.size()));
        QCOMPARE(m.rowCount(), 100);
        QCOMPARE(m.windowStart(), 0);
        m.setWindowStart(1000);
        QCOMPARE(m.windowStart(), 150);
        QVERIFY(waitLoaded(m, 99));
        QCOMPARE(m.eventAt(99)->id, ws1.back().id);
        QVERIFY(m.data(m.index(99, TimelineModel::Message), Qt::DisplayRole).toString().startsWith(QStringLiteral("event 997 ")));
        QVERIFY(waitLoaded(m, 0));
        QCOMPARE(m.eventAt(0)->id, ws1[150].id);
    }

    // The view over a window smaller than the case: its own scroll bar spans
    // all rows, keyboard and scroll bar reach the real first/last events, the
    // window follows the analyst and the selection is carried across.
    void timelineViewScrollsBeyondTheWindow() {
        TimelineView v(db());
        // The severity filter offers the bands' floors: Critical 90, High 70, Medium 40, Low 20.
        QComboBox *sev = nullptr;  // the one whose first entry is "Any severity" (-1)
        for (auto *c : v.findChildren<QComboBox *>())
            if (c->itemData(0).toInt() == -1)
                sev = c;
        QVERIFY(sev);
        QList<int> floors;
        for (int i = 2; i < sev->count(); ++i)
            floors << sev->itemData(i).toInt();
        QCOMPARE(floors, (QList<int>{90, 70, 40, 20}));
        v.model()->setWindowSize(300);
        v.resize(1200, 600);
        v.show();
        QVERIFY(waitCounted(*v.model()));
        const auto all = allRows({});
        TimelineModel *m = v.model();
        QCOMPARE(m->rowCount(), 300);
        QScrollBar *bar = v.scrollBar();
        QTRY_COMPARE(bar->maximum() + bar->pageStep(), 1000);
        auto absCurrent = [&] { return m->windowStart() + v.table()->currentIndex().row(); };

        bar->setValue(800);  // far outside the first window
        QVERIFY(m->windowStart() > 0);
        QCOMPARE(v.scroller()->topAbsoluteRow(), 800);
        const int top = v.table()->rowAt(0);
        QCOMPARE(m->windowStart() + top, 800);
        QVERIFY(waitLoaded(*m, top));
        QCOMPARE(m->eventAt(top)->id, all[800].id);

        // The mouse wheel over the rows moves the full-count bar (three rows a notch, downwards).
        const QPoint mid = v.table()->viewport()->rect().center();
        QWheelEvent wheel(mid, v.table()->viewport()->mapToGlobal(mid), QPoint(), QPoint(0, -120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(v.table()->viewport(), &wheel);
        QVERIFY(v.scroller()->topAbsoluteRow() > 800);
        QCOMPARE(bar->value(), v.scroller()->topAbsoluteRow());

        v.table()->setFocus();
        QTest::keyClick(v.table(), Qt::Key_End);
        QCOMPARE(absCurrent(), 999);
        QVERIFY(waitLoaded(*m, v.table()->currentIndex().row()));
        QCOMPARE(m->eventAt(v.table()->currentIndex().row())->id, all[999].id);
        QCOMPARE(bar->value(), bar->maximum());
        QTest::keyClick(v.table(), Qt::Key_Home);
        QCOMPARE(absCurrent(), 0);
        QCOMPARE(m->windowStart(), 0);
        QCOMPARE(bar->value(), 0);

        // PageDown walks past the first window's edge; the window follows.
        for (int i = 0; i < 20; ++i) {
            QTest::keyClick(v.table(), Qt::Key_PageDown);
            QCoreApplication::processEvents();  // the queued re-anchor
        }
        const int paged = absCurrent();
        QVERIFY2(paged > 300, qPrintable(QString::number(paged)));
        QVERIFY(m->windowStart() > 0);
        QCOMPARE(bar->value(), v.scroller()->topAbsoluteRow());
        QVERIFY(waitLoaded(*m, v.table()->currentIndex().row()));
        QCOMPARE(m->eventAt(v.table()->currentIndex().row())->id, all[static_cast<std::size_t>(paged)].id);

        // A selection near the window's edge survives the re-anchor it causes.
        QTest::keyClick(v.table(), Qt::Key_Home);
        v.scroller()->selectAbsolute(250);  // window [0, 300): near the bottom edge
        QTRY_VERIFY(m->windowStart() > 0);
        QCOMPARE(absCurrent(), 250);
        QVERIFY(waitLoaded(*m, v.table()->currentIndex().row()));
        const QStringList csv = v.selectedRowsText(QLatin1Char(',')).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(csv.size(), 2);
        QVERIFY(csv[1].startsWith(TimelineModel::formatUtc(all[250].time) + QLatin1Char(',')));

        // Jump to time lands on the absolute row outside the current window.
        v.jumpToTime(all[900].time);
        QTRY_VERIFY_WITH_TIMEOUT(absCurrent() == 900, 10000);
        QCOMPARE(m->eventAt(v.table()->currentIndex().row())->id, all[900].id);
    }

    void timelineFilters_data() {
        QTest::addColumn<QString>("what");
        QTest::newRow("host") << "host";
        QTest::newRow("text") << "text";
        QTest::newRow("range") << "range";
        QTest::newRow("severity") << "severity";
    }
    void timelineFilters() {
        QFETCH(QString, what);
        EventFilter f;
        if (what == QLatin1String("host"))
            f.hosts = {"WS1"};
        else if (what == QLatin1String("text"))
            f.text = "evil.example.com";
        else if (what == QLatin1String("range"))
            f.from = UtcTime{test::SampleCase::kBase + 100 * test::SampleCase::kMinute},
            f.to = UtcTime{test::SampleCase::kBase + 350 * test::SampleCase::kMinute};
        else
            f.minSeverity = 85;
        TimelineModel m(db().path());
        m.setFilter(f);
        QVERIFY(waitCounted(m));
        const auto expected = allRows(f);
        QVERIFY(!expected.empty());
        QCOMPARE(m.rowCount(), static_cast<int>(expected.size()));
        // Independent expectations from the formula, not from EventQuery.
        if (what == QLatin1String("host"))
            QCOMPARE(m.rowCount(), 250);
        if (what == QLatin1String("text"))
            QCOMPARE(m.rowCount(), 10);
        if (what == QLatin1String("range"))
            QCOMPARE(m.rowCount(), 250);
        if (what == QLatin1String("severity"))
            QCOMPARE(m.rowCount(), 500);  // odd events are on shell.php (severity 90)
        const int last = m.rowCount() - 1;
        QVERIFY(waitLoaded(m, last));
        QCOMPARE(m.eventAt(last)->id, expected.back().id);
    }

    void newFilterDropsOldResults() {
        TimelineModel m(db().path());
        EventFilter a;
        a.hosts = {"WS2"};
        m.setFilter(a);
        EventFilter b;
        b.text = "word3";
        m.setFilter(b);  // before a's count can arrive
        QVERIFY(waitCounted(m));
        QTest::qWait(200);
        QCOMPARE(m.rowCount(), 100);
    }

    void timelineViewAroundAndCopy() {
        TimelineView v(db());
        v.resize(1200, 600);
        v.show();
        QVERIFY(waitCounted(*v.model()));
        const auto all = allRows({});
        const EventRow target = all[500];
        QSignalSpy sel(v.table()->selectionModel(), &QItemSelectionModel::selectionChanged);
        v.showAround(target.id, 10);
        QCOMPARE(v.model()->filter().from->micros, target.time.micros - 10 * test::SampleCase::kMinute);
        QTRY_VERIFY_WITH_TIMEOUT(!v.table()->selectionModel()->selectedRows().isEmpty(), 10000);
        QCOMPARE(v.model()->rowCount(), 21);
        const int row = v.table()->selectionModel()->selectedRows().first().row();
        QCOMPARE(v.model()->eventAt(row)->id, target.id);

        v.table()->selectRow(0);
        v.table()->selectionModel()->select(v.model()->index(1, 0),
                                            QItemSelectionModel::Select | QItemSelectionModel::Rows);
        const QStringList csv = v.selectedRowsText(QLatin1Char(',')).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(csv.size(), 3);
        QVERIFY(csv[0].startsWith(QStringLiteral("Time (UTC),Sev.,Description")));
        QVERIFY(csv[1].startsWith(TimelineModel::formatUtc(all[490].time) + QLatin1Char(',')));
        const QStringList tsv = v.selectedRowsText(QLatin1Char('\t')).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(tsv[2].split(QLatin1Char('\t')).size(), csv[0].split(QLatin1Char(',')).size());

        // Jump to a time under the (unfiltered) timeline.
        v.setFilter({});
        QVERIFY(waitCounted(*v.model()));
        v.jumpToTime(all[800].time);
        QTRY_VERIFY_WITH_TIMEOUT(!v.table()->selectionModel()->selectedRows().isEmpty(), 10000);
        QCOMPARE(v.table()->selectionModel()->selectedRows().first().row(), 800);
    }

    // "Show this item's events": only the item's own events, at any time.
    // Odd events are on the PHP file, even ones on the mailbox (sample case
    // formula): 500 of 1000. The old time-span workaround showed 999 here.
    void timelineShowsOneItemsEvents() {
        TimelineView v(db());
        v.resize(1200, 600);
        v.show();
        QVERIFY(waitCounted(*v.model()));
        QCOMPARE(v.model()->rowCount(), 1000);
        v.showObjectEvents(m_case->file, QStringLiteral("shell.php"));
        QCOMPARE(v.model()->filter().objects, std::vector<casestore::ObjectId>{m_case->file});
        QVERIFY(waitCounted(*v.model()));
        QCOMPARE(v.model()->rowCount(), 500);
        QVERIFY(v.itemFilterButton()->isVisible());
        QVERIFY(v.itemFilterButton()->text().contains(QStringLiteral("shell.php")));
        QVERIFY(waitLoaded(*v.model(), 0));
        QCOMPARE(v.model()->eventAt(0)->objectId, m_case->file);
        // Other filters combine with it: odd events on host WS1 are i%4==1: 250.
        EventFilter f = v.model()->filter();
        f.hosts = {"WS1"};
        v.setFilter(f);
        QVERIFY(waitCounted(*v.model()));
        QCOMPARE(v.model()->rowCount(), 250);
        v.itemFilterButton()->click();  // removes only the item filter
        QVERIFY(waitCounted(*v.model()));
        QCOMPARE(v.model()->rowCount(), 250);  // all of WS1's events: i%4==1, all odd
        QVERIFY(v.model()->filter().objects.empty());
        QVERIFY(!v.itemFilterButton()->isVisible());
    }

    void hitsForOneItem() {
        HitsView v(db());
        v.refresh();
        QCOMPARE(v.model()->rowCount(), 3);
        v.showObjectHits(m_case->file, QStringLiteral("shell.php"));
        QCOMPARE(v.model()->rowCount(), 1);
        QCOMPARE(v.model()->rowAt(0)->hit.ruleId, std::string("webshell:PHP_Eval_Post"));
        v.showObjectHits(m_case->email, QStringLiteral("email"));
        QCOMPARE(v.model()->rowCount(), 1);
        QCOMPARE(v.model()->rowAt(0)->hit.ruleId, std::string("tracking_pixel"));
        v.showObjectHits(0, {});
        QCOMPARE(v.model()->rowCount(), 3);
    }

    // THE safety test: a tracking-pixel email must not contact anything.
    void emailNeverFetchesRemoteContent() {
        m_connections = 0;
        EmailView v(db());
        v.resize(1100, 750);
        v.show();
        v.showEmail(m_case->email);
        QTest::qWait(1000);  // any fetch would have connected by now
        QCOMPARE(m_connections, 0);
        const QString pixel = m_case->remoteBase + QStringLiteral("/t/open.gif?id=4711");
        const QString bg = m_case->remoteBase + QStringLiteral("/bg.png");
        const QString css = m_case->remoteBase + QStringLiteral("/style.css");
        QStringList requested, refused;
        for (const QUrl &u : v.htmlView()->requestedUrls())
            requested << u.toString();
        for (const QUrl &u : v.htmlView()->refusedUrls())
            refused << u.toString();
        QVERIFY2(requested.contains(pixel), qPrintable(requested.join(QLatin1Char(' '))));
        QVERIFY(refused.contains(pixel));
        QVERIFY(refused.contains(bg));
        // Qt's HTML parser may not ask for <link> stylesheets at all; if it does, it is refused.
        QVERIFY(!requested.contains(css) || refused.contains(css));
        // cid: comes from the message's own part and is not refused.
        QVERIFY(requested.contains(QStringLiteral("cid:logo@example.com")));
        QVERIFY(!refused.contains(QStringLiteral("cid:logo@example.com")));
        // Links are never followed, even when clicked.
        QVERIFY(!v.htmlView()->openLinks());
        QVERIFY(!v.htmlView()->openExternalLinks());
        emit v.htmlView()->anchorClicked(QUrl(m_case->remoteBase + QStringLiteral("/invoice/login")));
        QTest::qWait(300);
        QCOMPARE(m_connections, 0);
        // The remote content list says which URL a rule flagged.
        bool flagged = false;
        for (int r = 0; r < v.remoteTable()->rowCount(); ++r)
            if (v.remoteTable()->item(r, 1)->text() == pixel)
                flagged = v.remoteTable()->item(r, 3)->text() == QLatin1String("tracking_pixel");
        QVERIFY(flagged);
    }

    void emailHeadersHopsBadgesThread() {
        EmailView v(db());
        v.showEmail(m_case->email);
        QCOMPARE(v.headerTable()->rowCount(), 11);
        QCOMPARE(v.headerTable()->item(0, 0)->text(), QStringLiteral("Return-Path"));
        QCOMPARE(v.headerTable()->item(10, 0)->text(), QStringLiteral("Content-Type"));
        QCOMPARE(v.hopTable()->rowCount(), 2);
        QCOMPARE(v.hopTable()->item(1, 6)->text(), QStringLiteral("+2 s"));
        QCOMPARE(v.authBadges().value(QStringLiteral("spf")), QStringLiteral("pass"));
        QCOMPARE(v.authBadges().value(QStringLiteral("dkim")), QStringLiteral("fail"));
        QCOMPARE(v.authBadges().value(QStringLiteral("dmarc")), QStringLiteral("fail"));
        QCOMPARE(v.threadTable()->rowCount(), 1);
        QCOMPARE(v.threadTable()->item(0, 0)->data(Qt::UserRole).toLongLong(), m_case->reply);
        QCOMPARE(v.attachmentTable()->rowCount(), 2);
        QSignalSpy activated(&v, &EmailView::objectActivated);
        for (int r = 0; r < 2; ++r)
            if (v.attachmentTable()->item(r, 0)->text() == QLatin1String("INV-2024-0311.docm")) {
                QVERIFY(v.attachmentTable()->item(r, 5)->text().startsWith(QStringLiteral("1 (max 80)")));
                emit v.attachmentTable()->cellActivated(r, 0);
            }
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.first().first().toLongLong(), m_case->attachment);
        // The reply threads back to the original.
        v.showEmail(m_case->reply);
        QCOMPARE(v.threadTable()->rowCount(), 1);
        QCOMPARE(v.threadTable()->item(0, 0)->data(Qt::UserRole).toLongLong(), m_case->email);
    }

    void safeBrowserRefusesEveryScheme_data() {
        QTest::addColumn<QString>("url");
        QTest::newRow("https") << "https://tracker.example/p.gif";
        QTest::newRow("ftp") << "ftp://tracker.example/p.gif";
        QTest::newRow("file") << "file:///etc/hostname";
        QTest::newRow("unc") << "file://attacker.example/share/p.png";
        QTest::newRow("relative") << "p.gif";
        QTest::newRow("protocol-relative") << "//tracker.example/p.gif";
    }
    void safeBrowserRefusesEveryScheme() {
        QFETCH(QString, url);
        SafeHtmlBrowser b;
        b.resize(500, 300);
        b.show();
        b.showHtml(QStringLiteral("<p>x</p><img src=\"%1\">").arg(url));
        QTRY_COMPARE(b.refusedUrls().size(), 1);
        // Refused images get a placeholder image, never null (QTextDocument would then try local files).
        const QVariant v = b.loadResource(QTextDocument::ImageResource, QUrl(url));
        QVERIFY(v.canConvert<QImage>());
        QVERIFY(!v.value<QImage>().isNull());
        QVERIFY(!b.loadResource(QTextDocument::StyleSheetResource, QUrl(url)).isNull());
        QVERIFY(b.loadResource(QTextDocument::StyleSheetResource, QUrl(url)).toByteArray().isEmpty());
    }

    void hitsViewMatchesHitStore() {
        HitsView v(db());
        const auto hits = HitStore(db()).list();
        QVERIFY(hits);
        QCOMPARE(v.model()->rowCount(), 3);
        QCOMPARE(v.model()->rowCount(), static_cast<int>(hits->size()));
        // Sorted by severity, highest first.
        QCOMPARE(v.model()->rowAt(0)->hit.ruleId, std::string("webshell:PHP_Eval_Post"));
        QCOMPARE(v.model()->rowAt(0)->item, QStringLiteral("mailbox-export.mbox/shell.php"));
        QCOMPARE(v.model()->rowAt(1)->strings.size(), std::size_t(2));
        QCOMPARE(v.model()->rowAt(1)->strings[1].context, QStringLiteral("macro Shell(\"powershell"));
        QCOMPARE(v.model()->data(v.model()->index(1, HitsModel::Strings), Qt::DisplayRole).toString(),
                 QStringLiteral("$auto, $shell"));
        // Jumps: the item, and a moment in the timeline (the item's first event).
        QSignalSpy obj(&v, &HitsView::objectActivated), ev(&v, &HitsView::eventActivated);
        emit v.table()->activated(v.model()->index(0, 0));
        QCOMPARE(obj.size(), 1);
        QCOMPARE(obj.first().first().toLongLong(), m_case->file);
        const qint64 event = v.timelineEventFor(0);
        auto row = EventQuery(db()).event(event);
        QVERIFY(row);
        QCOMPARE(row->objectId, m_case->file);
        QCOMPARE(row->time.micros, test::SampleCase::kBase + test::SampleCase::kMinute);  // event 1
        v.model()->setFilter(QStringLiteral("macro"), 0);
        QCOMPARE(v.model()->rowCount(), 1);
    }

    void hexViewOfKnownBlob() {
        ArtifactView v(db());
        v.resize(900, 600);
        v.show();
        v.showObject(m_case->file);
        QSignalSpy ready(&v, &ArtifactView::contentReady);
        v.tabs()->setCurrentWidget(v.hexView());  // content loads when a content tab opens
        QVERIFY(v.contentLoaded() || ready.wait(10000));
        HexView *h = v.hexView();
        QCOMPARE(h->lineCount(), qint64(100 * 1024 / 16));
        QCOMPARE(h->lineText(0), QStringLiteral("00000000  3c 3f 70 68 70 20 65 76  61 6c 28 24 5f 50 4f 53  |<?php eval($_POS|"));
        // Line 0x100: bytes (i*7 + i/256) & 0xff for i = 4096..4111, computed here.
        QString expected = QStringLiteral("00001000  ");
        QString ascii;
        for (int i = 4096; i < 4112; ++i) {
            const int b = (i * 7 + i / 256) & 0xff;
            if (i == 4104)
                expected += QLatin1Char(' ');
            expected += QStringLiteral("%1 ").arg(b, 2, 16, QLatin1Char('0'));
            ascii += b >= 0x20 && b < 0x7f ? QChar(b) : QLatin1Char('.');
        }
        QCOMPARE(h->lineText(256), expected + QStringLiteral(" |") + ascii + QLatin1Char('|'));
        h->scrollToOffset(0x1000);
        QCOMPARE(h->firstVisibleLine(), qint64(256));
        QVERIFY(v.textView()->toPlainText().startsWith(QStringLiteral("<?php eval")));
        // Provenance: source -> mailbox file -> this file.
        QCOMPARE(v.provenanceTable()->rowCount(), 3);
        QCOMPARE(v.provenanceTable()->item(0, 1)->text(), QStringLiteral("source"));
        QCOMPARE(v.provenanceTable()->item(2, 2)->text().trimmed(), QStringLiteral("shell.php"));
    }

    void exportWritesOwnerOnlyCopy() {
        ArtifactView v(db());
        v.showObject(m_case->file);
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("shell.php.bin"));
        QString error;
        QVERIFY2(v.exportContentTo(out, &error), qPrintable(error));
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(out).constData(), &st), 0);
        QCOMPARE(st.st_mode & 07777, 0600u);
        // An existing, world-readable file is narrowed too.
        QFile::setPermissions(out, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
        QVERIFY(v.exportContentTo(out, &error));
        QCOMPARE(::stat(QFile::encodeName(out).constData(), &st), 0);
        QCOMPARE(st.st_mode & 07777, 0600u);
        QCOMPARE(test::sha256sum(out), QString::fromStdString(m_case->fileSha));
    }

    // Each view from the sample case, written as PNG when HARRIER_SCREENSHOTS_DIR is set.
    void screenshots() {
        const QString dir = qEnvironmentVariable("HARRIER_SCREENSHOTS_DIR");
        auto save = [&dir](QWidget &w, const char *name) {
            QTest::qWait(300);
            const QPixmap shot = w.grab();
            QVERIFY(!shot.isNull());
            if (!dir.isEmpty())
                QVERIFY(shot.save(QDir(dir).filePath(QString::fromUtf8(name))));
        };
        TimelineView t(db());
        t.resize(1400, 640);
        t.show();
        QVERIFY(waitCounted(*t.model()));
        for (int r = 0; r < 30; ++r)
            QVERIFY(waitLoaded(*t.model(), r));
        t.table()->selectRow(3);
        save(t, "timeline_view.png");

        HitsView h(db());
        h.resize(1300, 520);
        h.show();
        h.table()->selectRow(1);
        save(h, "hits_view.png");

        EmailView e(db());
        e.resize(1100, 760);
        e.show();
        e.showEmail(m_case->email);
        save(e, "email_view.png");
        e.findChild<QTabWidget *>()->setCurrentIndex(3);
        save(e, "email_view_received.png");
        e.findChild<QTabWidget *>()->setCurrentIndex(4);
        save(e, "email_view_remote.png");

        ArtifactView a(db());
        a.resize(1000, 560);
        a.show();
        a.showObject(m_case->file);
        save(a, "artifact_view.png");
        QSignalSpy ready(&a, &ArtifactView::contentReady);
        a.tabs()->setCurrentWidget(a.hexView());
        QVERIFY(a.contentLoaded() || ready.wait(10000));
        save(a, "artifact_view_hex.png");
        QCOMPARE(m_connections, 0);
    }
};

QTEST_MAIN(TestUiViews)
#include "tst_ui_views.moc"
