// The desktop shell over real cases: ingest and scan jobs (QSignalSpy),
// Stop/Cancel, the evidence tree's lazy paging, the dashboard's numbers,
// annotations persisted in the case file, read-only opening, routing, and
// screenshots of each main view (HARRIER_SCREENSHOTS_DIR).
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

#include "base/severity.h"
#include "casestore/annotations.h"
#include "casestore/case_reader.h"
#include "casestore/object_tree.h"
#include "casestore/sqlite_util.h"
#include "fixtures.h"
#include "ui/dashboard/activity_histogram.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/dashboard/source_table_model.h"
#include "ui/dialogs/rules_manager_dialog.h"
#include "ui/dialogs/settings_dialog.h"
#include "ui/evidence/evidence_tree_model.h"
#include "ui/evidence/evidence_view.h"
#include "ui/jobs/job.h"
#include "ui/jobs/progress_panel.h"
#include "ui/models/timeline_model.h"
#include "ui/views/timeline_view.h"
#include "ui/widgets/annotation_panel.h"
#include "ui/workspace/app_settings.h"
#include "ui/workspace/case_session.h"
#include "ui/workspace/case_workspace.h"
#include "ui/workspace/main_window.h"
#include "ui/workspace/welcome_page.h"

using namespace harrier;
using namespace harrier::ui;

namespace {

/// Events in the open case matching `where`, counted with SQL.
qint64 eventCount(MainWindow &w, const std::string &where) {
    return harrier::casestore::queryInt(w.session()->reader().handle(), "SELECT count(*) FROM events WHERE " + where)
        .value_or(-1);
}

void screenshot(QWidget *w, const QString &name) {
    const QString dir = qEnvironmentVariable("HARRIER_SCREENSHOTS_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    // Let pending layout requests (a dock growing for new text) settle, as
    // they would on screen before anyone looks.
    QTest::qWait(100);
    QVERIFY(w->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

/// Finds the index whose Name column equals text among the loaded children of parent.
QModelIndex childNamed(EvidenceTreeModel *m, const QModelIndex &parent, const QString &text) {
    while (true) {
        for (int r = 0; r < m->rowCount(parent); ++r) {
            const QModelIndex i = m->index(r, 0, parent);
            if (i.data().toString() == text)
                return i;
        }
        if (!m->canFetchMore(parent))
            return {};
        m->fetchMore(parent);
    }
}

std::vector<casestore::SourceSummary> sourcesOf(const QString &path) {
    auto db = casestore::CaseDb::open(path.toStdString(), casestore::OpenMode::ReadOnly);
    if (!db)
        return {};
    auto s = casestore::CaseReader(**db).sources();
    return s ? *s : std::vector<casestore::SourceSummary>{};
}

}  // namespace

class TestShell : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_evidence, m_mbox, m_zip, m_rules;

    bool ingest(MainWindow &w, const QStringList &paths) {
        QSignalSpy spy(&w, &MainWindow::jobFinished);
        if (!w.startIngest(paths))
            return false;
        return spy.wait(120000) && spy.first().at(0).toBool();
    }

private slots:
    void initTestCase() {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_tmp.path() + QStringLiteral("/settings"));
        QCoreApplication::setOrganizationName(QStringLiteral("HarrierTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_shell"));
        AppSettings::setAnalyst(QStringLiteral("Ana Lyst"));
        qputenv("XDG_CACHE_HOME", (m_tmp.path() + QStringLiteral("/cache")).toUtf8());
        qputenv("HARRIER_DEMO_CASE", (m_tmp.path() + QStringLiteral("/no-demo.hcase")).toUtf8());
        applyTheme(Theme::Light);
        m_evidence = m_tmp.path() + QStringLiteral("/evidence");
        QDir().mkpath(m_evidence);
        m_mbox = test::writeMailbox(m_evidence);
        m_zip = test::writeCollectionZip(m_evidence, 1200);
        m_rules = test::writeRules(m_tmp.path());
    }

    void welcomeListsRecentCasesAndDemo() {
        const QString path = m_tmp.path() + QStringLiteral("/recent.hcase");
        {
            MainWindow w;
            QVERIFY(w.createCase(path, QStringLiteral("Recent")));
            w.closeCase();
            QCOMPARE(w.welcome()->recentList()->count(), 1);
            QCOMPARE(w.welcome()->recentList()->item(0)->data(Qt::UserRole).toString(), QFileInfo(path).absoluteFilePath());
            QVERIFY(!w.welcome()->demoButton()->isEnabled());  // no demo case at $HARRIER_DEMO_CASE
        }
        // A demo case where the demo feature puts it enables the button and opens.
        QFile::copy(path, m_tmp.path() + QStringLiteral("/no-demo.hcase"));
        MainWindow w;
        w.welcome()->refresh();
        QVERIFY(w.welcome()->demoButton()->isEnabled());
        w.welcome()->demoButton()->click();
        QVERIFY(w.session());
        QCOMPARE(QString::fromStdString(w.session()->reader().info().name), QStringLiteral("Recent"));
        w.closeCase();
        QFile::remove(m_tmp.path() + QStringLiteral("/no-demo.hcase"));
        w.welcome()->refresh();
        w.resize(1200, 760);
        w.show();
        screenshot(&w, QStringLiteral("welcome"));
    }

    void ingestScanAnnotateEndToEnd() {
        const QString path = m_tmp.path() + QStringLiteral("/e2e.hcase");
        MainWindow w;
        w.resize(1440, 900);
        w.show();
        QVERIFY(w.createCase(path, QStringLiteral("Parliament phishing 2024-03")));
        QVERIFY2(!w.session()->readOnly(), qPrintable(w.session()->readOnlyReason()));
        QCOMPARE(w.readOnlyIndicator()->text(), QStringLiteral("read-write"));

        // Progress reaches the panel while the job runs, and the GUI thread keeps serving events.
        QSignalSpy done(&w, &MainWindow::jobFinished);
        QVERIFY(w.startIngest({m_mbox, m_zip}));
        QVERIFY(w.currentJob());
        QSignalSpy progress(w.currentJob(), &Job::progressed);
        QVERIFY(!w.startIngest({m_mbox}));  // one job at a time
        QVERIFY(done.wait(120000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
        QVERIFY(progress.count() >= 1);
        QVERIFY(w.progressPanel()->statsText().contains(QStringLiteral("items")));

        auto *dash = w.workspace()->dashboard();
        QCOMPARE(dash->sourceModel()->rowCount(), 2);
        for (int r = 0; r < 2; ++r)
            QCOMPARE(dash->sourceModel()->index(r, SourceTableModel::Status).data().toString(), QStringLiteral("done"));
        // Reconciliation: the zip's 1203 entries all seen and stored.
        QCOMPARE(dash->sourceModel()->index(1, SourceTableModel::Seen).data().toULongLong(), 1204ull);
        QVERIFY(!dash->histogram()->buckets().empty());

        // Rules: the manager compiles the pack, shows the broken file's error, counts the good rules.
        QStringList enabled;
        {
            RulesManagerDialog rm(&w.session()->reader(), true, &w);
            QSignalSpy compiled(&rm, &RulesManagerDialog::compiled);
            rm.addYaraPath(m_rules);
            rm.compileAll();
            QVERIFY(compiled.wait(60000));
            QCOMPARE(rm.totalRules(), 2);
            QCOMPARE(rm.failedFiles(), 1);
            QTreeWidgetItem *pack = rm.packTree()->topLevelItem(0);
            QCOMPARE(pack->childCount(), 3);
            rm.resize(980, 760);  // the dialog's default size
            rm.show();
            screenshot(&rm, QStringLiteral("rules-manager"));
            QString error;
            for (int i = 0; i < pack->childCount(); ++i)
                if (pack->child(i)->text(3) == QStringLiteral("failed") && pack->child(i)->childCount() >= 1)
                    error = pack->child(i)->child(0)->text(0) + QLatin1Char(' ') + pack->child(i)->child(0)->text(3);
            QVERIFY2(error.startsWith(QStringLiteral("line 1 ")) && error.contains(QStringLiteral("$b")), qPrintable(error));
            enabled = rm.enabledYaraPaths();
            QCOMPARE(enabled, QStringList{m_rules});
        }
        QCOMPARE(AppSettings::ruleFolders(), QStringList{m_rules});  // remembered

        QSignalSpy scanned(&w, &MainWindow::jobFinished);
        QVERIFY(w.startScan(enabled));
        QVERIFY(scanned.wait(120000));
        QVERIFY2(scanned.first().at(0).toBool(), qPrintable(scanned.first().at(1).toString()));

        // Dashboard: one critical (webshell, 90) and one medium (pixel, 60) YARA rule, plus
        // the built-in analyzers the re-scan now runs too: the mbox's 1x1 remote image
        // (harrier.email.tracking-pixel) and the YARA-hit PHP file under wwwroot with no
        // web logs (harrier.web.webshell).
        const auto sev = dash->severityCounts();
        // Five bands (base/severity.h), Critical first; 90 is Critical, 60 Medium.
        QCOMPARE(sev.size(), 5);
        QCOMPARE(sev.value(static_cast<int>(SeverityBand::Critical)), 1ull);
        QVERIFY(sev.value(static_cast<int>(SeverityBand::Medium)) >= 1ull);  // the tracking-pixel HTML body
        QCOMPARE(dash->topRules()->rowCount(), 4);
        auto ruleRow = [dash](const QString &suffix) {
            for (int r = 0; r < dash->topRules()->rowCount(); ++r)
                if (dash->topRules()->item(r, 0)->text().endsWith(suffix))
                    return r;
            return -1;
        };
        QVERIFY(ruleRow(QStringLiteral("harrier.email.tracking-pixel")) >= 0);
        QVERIFY(ruleRow(QStringLiteral("harrier.web.webshell")) >= 0);
        QVERIFY(ruleRow(QStringLiteral("tracking_pixel")) >= 0);

        // From the dashboard to the webshell: pick the rule, the item is listed.
        const int shellRow = ruleRow(QStringLiteral("php_eval_webshell"));
        QVERIFY(shellRow >= 0);
        dash->topRules()->setCurrentCell(shellRow, 0);
        QCOMPARE(dash->ruleItems()->rowCount(), 1);
        QCOMPARE(dash->ruleItems()->item(0, 0)->text(), QStringLiteral("shell.php"));
        const qint64 shellId = dash->ruleItems()->item(0, 0)->data(Qt::UserRole).toLongLong();
        dash->ruleItems()->setCurrentCell(0, 0);  // selects it for annotation
        QCOMPARE(w.annotationPanel()->targetId(), shellId);
        w.workspace()->showTab(CaseWorkspace::DashboardTab);
        screenshot(&w, QStringLiteral("dashboard"));

        // Annotate it: tag, verdict, note, bookmark.
        AnnotationPanel *ap = w.annotationPanel();
        QVERIFY(ap->add(casestore::AnnotationKind::Tag, QStringLiteral("webshell")));
        QVERIFY(ap->add(casestore::AnnotationKind::Verdict, QStringLiteral("malicious")));
        QVERIFY(ap->add(casestore::AnnotationKind::Note, QStringLiteral("Uploaded 2024-03-04 11:20 via the CMS form")));
        QVERIFY(ap->add(casestore::AnnotationKind::Bookmark, {}));
        QVERIFY(!ap->add(casestore::AnnotationKind::Verdict, QStringLiteral("maybe")));  // core refuses
        QCOMPARE(ap->shownCount(), 4);

        // Routing: the tracking-pixel email opens in the Email tab, the webshell in Artifact.
        const int pixelRow = ruleRow(QStringLiteral("tracking_pixel"));
        dash->topRules()->setCurrentCell(pixelRow, 0);
        QVERIFY(dash->ruleItems()->rowCount() >= 1);
        const qint64 pixelItem = dash->ruleItems()->item(0, 0)->data(Qt::UserRole).toLongLong();
        auto pixelObj = casestore::CaseReader(w.session()->reader()).object(pixelItem);
        QVERIFY(pixelObj);
        // The pixel rule hits the HTML body; its email is the nearest "email" ancestor.
        // (the other item it hits is the mbox file itself).
        qint64 emailId = 0;
        for (int r = 0; r < dash->ruleItems()->rowCount(); ++r) {
            auto chain = casestore::ObjectTree(w.session()->reader())
                             .ancestry(dash->ruleItems()->item(r, 0)->data(Qt::UserRole).toLongLong());
            QVERIFY(chain);
            for (const auto &o : *chain)
                if (o.kind == "email")
                    emailId = o.id;
        }
        QVERIFY2(emailId, pixelObj->kind.c_str());
        emit dash->objectActivated(emailId);
        QCOMPARE(w.workspace()->currentTab(), CaseWorkspace::EmailTab);
        QTest::qWait(300);
        screenshot(&w, QStringLiteral("email"));
        emit dash->objectActivated(shellId);
        QCOMPARE(w.workspace()->currentTab(), CaseWorkspace::ArtifactTab);
        QTest::qWait(300);
        screenshot(&w, QStringLiteral("artifact"));
        // Histogram brushing sets the timeline's range.
        dash->histogram()->selectBuckets(0, 1);
        QCOMPARE(w.workspace()->currentTab(), CaseWorkspace::TimelineTab);
        QTest::qWait(500);  // the timeline's count and first page arrive from its query thread
        screenshot(&w, QStringLiteral("timeline"));
        // The brushed range narrows the timeline: some events, not all of them.
        const int allEvents = int(eventCount(w, "1"));
        QTRY_VERIFY(w.workspace()->timeline()->model()->totalRows() > 0 &&
                    w.workspace()->timeline()->model()->totalRows() < allEvents);

        // Evidence tree: source → folders derived from entry paths → the webshell.
        w.workspace()->showTab(CaseWorkspace::EvidenceTab);
        EvidenceTreeModel *m = w.workspace()->evidence()->model();
        QCOMPARE(m->rowCount(), 2);
        const QModelIndex zipSource = m->index(1, 0);
        QCOMPARE(zipSource.data().toString(), QStringLiteral("collection-web01.zip"));
        const QModelIndex zipItem = childNamed(m, zipSource, QStringLiteral("collection-web01.zip"));
        QVERIFY(zipItem.isValid());
        const QModelIndex c = childNamed(m, zipItem, QStringLiteral("C"));
        QVERIFY(c.isValid());
        QCOMPARE(m->index(c.row(), EvidenceTreeModel::Kind, zipItem).data().toString(), QStringLiteral("folder (1,203 items)"));
        const QModelIndex docs = childNamed(m, childNamed(m, childNamed(m, c, QStringLiteral("Users")), QStringLiteral("bob")),
                                            QStringLiteral("Documents"));
        QVERIFY(docs.isValid());
        // 1200 notes arrive in pages of 500.
        QVERIFY(m->canFetchMore(docs));
        m->fetchMore(docs);
        QCOMPARE(m->rowCount(docs), EvidenceTreeModel::kPageSize);
        m->fetchMore(docs);
        m->fetchMore(docs);
        QCOMPARE(m->rowCount(docs), 1200);
        QVERIFY(!m->canFetchMore(docs));
        const QModelIndex uploads = childNamed(m, childNamed(m, childNamed(m, c, QStringLiteral("inetpub")), QStringLiteral("wwwroot")),
                                               QStringLiteral("uploads"));
        const QModelIndex shell = childNamed(m, uploads, QStringLiteral("shell.php"));
        QVERIFY(shell.isValid());
        QCOMPARE(m->objectId(shell), shellId);
        QVERIFY(m->index(shell.row(), EvidenceTreeModel::Hits, uploads).data().toString().startsWith(QStringLiteral("Critical")));
        QTreeView *tree = w.workspace()->evidence()->tree();
        tree->expand(zipSource);
        tree->expand(zipItem);
        tree->expand(c);
        tree->expand(m->parent(m->parent(uploads)));
        tree->expand(m->parent(uploads));
        tree->expand(uploads);
        tree->setCurrentIndex(shell);
        screenshot(&w, QStringLiteral("evidence"));
        // Context menu's "show events" narrows the timeline to the item's events.
        emit w.workspace()->evidence()->showEventsRequested(shellId);
        QCOMPARE(w.workspace()->currentTab(), CaseWorkspace::TimelineTab);
        const qint64 shellEvents = eventCount(w, "object_id = " + std::to_string(shellId));
        QVERIFY(shellEvents > 0);
        QTRY_COMPARE(qint64(w.workspace()->timeline()->model()->totalRows()), shellEvents);

        // The annotations are in the case file, with the analyst from the settings.
        w.closeCase();
        auto db = casestore::CaseDb::open(path.toStdString(), casestore::OpenMode::ReadOnly);
        QVERIFY(db);
        auto notes = casestore::AnnotationStore(**db).forTarget(casestore::TargetKind::Object, shellId);
        QVERIFY(notes);
        QCOMPARE(notes->size(), 4u);
        for (const auto &a : *notes)
            QCOMPARE(QString::fromStdString(a.analyst), QStringLiteral("Ana Lyst"));
        QCOMPARE(notes->at(1).value, std::string("malicious"));
    }

    void cancelRollsBackStopKeeps() {
        // A folder of 20,000 files: long enough to interrupt after the first
        // report even in a release build on an idle machine (4,000 took 0.34 s
        // there: a loaded GUI thread sometimes clicked only after the end).
        constexpr int kFiles = 20000;
        const QString folder = m_tmp.path() + QStringLiteral("/many");
        for (int i = 0; i < kFiles; ++i)
            test::writeFile(folder + QStringLiteral("/d%1/f%2.txt").arg(i / 100).arg(i), QByteArray("x").repeated(i % 50 + 1));
        const QString path = m_tmp.path() + QStringLiteral("/cancel.hcase");
        MainWindow w;
        QVERIFY(w.createCase(path, QStringLiteral("Cancel")));
        QVERIFY(ingest(w, {m_mbox}));

        QSignalSpy done(&w, &MainWindow::jobFinished);
        QVERIFY(w.startIngest({folder}));
        connect(w.currentJob(), &Job::progressed, w.progressPanel()->cancelButton(), &QPushButton::click);
        QVERIFY(done.wait(120000));
        QVERIFY(!done.first().at(0).toBool());
        QVERIFY(done.first().at(1).toString().startsWith(QStringLiteral("Cancelled")));
        QCOMPARE(w.workspace()->dashboard()->sourceModel()->rowCount(), 1);  // only the mailbox

        QSignalSpy stopped(&w, &MainWindow::jobFinished);
        QVERIFY(w.startIngest({folder}));
        // Stop once some items are stored, so "keep what was done" has something to keep.
        QPushButton *stop = w.progressPanel()->stopButton();
        connect(w.currentJob(), &Job::progressed, stop, [stop](const JobProgress &p) {
            if (p.items >= 200 && stop->isEnabled())
                stop->click();
        });
        QVERIFY(stopped.wait(120000));
        QVERIFY(stopped.first().at(1).toString().contains(QStringLiteral("Stopped")));
        w.closeCase();
        const auto sources = sourcesOf(path);
        QCOMPARE(sources.size(), 2u);
        QCOMPARE(sources[1].source.status, casestore::SourceStatus::Partial);
        QVERIFY(sources[1].totals.stored > 0);
        QVERIFY(sources[1].totals.stored < kFiles);
    }

    void readOnlyWhenLocked() {
        const QString path = m_tmp.path() + QStringLiteral("/locked.hcase");
        auto holder = casestore::CaseDb::create(path.toStdString(), "Locked", AppSettings::analyst().toStdString());
        QVERIFY(holder);  // holds the writer lock, like another process ingesting
        MainWindow w;
        w.resize(1200, 700);
        QVERIFY(w.openCase(path));
        QVERIFY(w.session()->readOnly());
        QVERIFY(!w.workspace()->readOnlyBanner()->isHidden());
        QVERIFY(w.workspace()->readOnlyBanner()->text().contains(QStringLiteral("another process")));
        QVERIFY(w.readOnlyIndicator()->text().contains(QStringLiteral("READ-ONLY")));
        QVERIFY(!w.startIngest({m_mbox}));
        w.workspace()->showTab(CaseWorkspace::TimelineTab);
        w.show();
        screenshot(&w, QStringLiteral("read-only"));
    }

    // A colleague's case opens read-only by default, as in harrier-cli.
    void readOnlyWhenAColleaguesCase() {
        const QString path = m_tmp.path() + QStringLiteral("/colleague.hcase");
        QVERIFY(casestore::CaseDb::create(path.toStdString(), "Theirs", "alice").ok());
        MainWindow w;
        QVERIFY(w.openCase(path));
        QVERIFY(w.session()->readOnly());
        QVERIFY(w.session()->readOnlyReason().contains(QStringLiteral("belongs to alice")));
        QVERIFY(!w.startIngest({m_mbox}));
        w.closeCase();
        const QString mine = m_tmp.path() + QStringLiteral("/mine.hcase");
        QVERIFY(casestore::CaseDb::create(mine.toStdString(), "Mine", AppSettings::analyst().toStdString()).ok());
        QVERIFY(w.openCase(mine));
        QVERIFY(!w.session()->readOnly());
    }

    void settingsAndDarkPalette() {
        SettingsDialog d;
        d.show();
        screenshot(&d, QStringLiteral("settings"));
        AppSettings::setTheme(Theme::Dark);
        applyTheme(Theme::Dark);
        QVERIFY(qApp->palette().color(QPalette::Window).lightness() < 80);
        const QString path = m_tmp.path() + QStringLiteral("/e2e.hcase");
        MainWindow w;
        w.resize(1440, 900);
        QVERIFY(w.openCase(path));
        w.show();
        screenshot(&w, QStringLiteral("dashboard-dark"));
        applyTheme(Theme::Light);
        AppSettings::setTheme(Theme::Light);
    }

    // Any case's dashboard as a PNG, to look at real data such as the demo
    // case (`harrier-cli demo DIR`): set HARRIER_SCREENSHOT_CASE=DIR/demo.hcase
    // and HARRIER_SCREENSHOTS_DIR. Nothing is known about that case, so
    // nothing about it is asserted; skipped otherwise.
    void dashboardOfGivenCase() {
        const QString path = qEnvironmentVariable("HARRIER_SCREENSHOT_CASE");
        if (path.isEmpty() || qEnvironmentVariable("HARRIER_SCREENSHOTS_DIR").isEmpty())
            QSKIP("HARRIER_SCREENSHOT_CASE and HARRIER_SCREENSHOTS_DIR not set");
        MainWindow w;
        w.resize(1440, 900);
        QVERIFY(w.openCase(path));
        w.show();
        QTest::qWait(300);
        screenshot(&w, QStringLiteral("dashboard-") + QFileInfo(path).completeBaseName());
    }
};

QTEST_MAIN(TestShell)
#include "tst_shell.moc"
