// The GUI's re-scan job runs what `harrier-cli scan` runs (rules::scanAll):
// YARA packs, the enabled IOC files and the built-in analyzers with the
// settings' protected domains and disabled analyzers. The evidence is
// written here: one e-mail with a remote 1x1 image carrying the recipient's
// address, and an IOC CSV naming the sender's domain, so the expected hits
// are known from the inputs, not from Harrier.
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtTest>

#include "casestore/hit_store.h"
#include "support/test_support.h"
#include "ui/dialogs/rules_manager_dialog.h"
#include "ui/jobs/ingest_job.h"
#include "ui/jobs/scan_job.h"
#include "ui/workspace/app_settings.h"

#include <QTreeWidget>

using namespace harrier;
using namespace harrier::ui;

namespace {

std::multiset<std::string> ruleIds(casestore::CaseDb &db) {
    std::multiset<std::string> out;
    auto hits = casestore::HitStore(db).list();
    if (!hits)
        qFatal("hits: %s", hits.error().message.c_str());
    for (const auto &h : *hits)
        out.insert(h.ruleId);
    return out;
}

int severityOf(casestore::CaseDb &db, const std::string &ruleId) {
    auto hits = casestore::HitStore(db).list();
    for (const auto &h : *hits)
        if (h.ruleId == ruleId)
            return h.severity;
    return -1;
}

bool runJob(Job &job, QThreadPool &pool) {
    QSignalSpy done(&job, &Job::finished);
    job.start(pool);
    if (!done.wait(120000))
        return false;
    if (!done.first().at(0).toBool())
        qWarning("%s: %s", qPrintable(job.title()), qPrintable(done.first().at(1).toString()));
    return done.first().at(0).toBool();
}

}  // namespace

class TestRescan : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QThreadPool m_pool;

private slots:
    void initTestCase() {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_tmp.path() + QStringLiteral("/settings"));
        QCoreApplication::setOrganizationName(QStringLiteral("HarrierTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_rescan"));
        qputenv("XDG_CACHE_HOME", (m_tmp.path() + QStringLiteral("/cache")).toUtf8());
    }

    void rescanRunsIocAndAnalyzers() {
        const QString eml = m_tmp.path() + QStringLiteral("/newsletter.eml");
        test::writeFile(eml, "From: Newsletter <news@news-tracker.example>\r\n"
                             "To: alice@parliament.example\r\n"
                             "Subject: Weekly digest\r\n"
                             "Date: Mon, 04 Mar 2024 10:30:00 +0000\r\n"
                             "Message-ID: <n1@news-tracker.example>\r\n"
                             "MIME-Version: 1.0\r\n"
                             "Content-Type: text/html; charset=utf-8\r\n\r\n"
                             "<html><body><p>Hello Alice</p>"
                             "<img width=\"1\" height=\"1\" src=\"http://127.0.0.1:9/p.gif?u=alice%40parliament.example\">"
                             "</body></html>\r\n");
        // The CSV's second line is the sender's domain: rule id "ioc:feeds.csv:line 2".
        const QString feed = m_tmp.path() + QStringLiteral("/feeds.csv");
        test::writeFile(feed, "value,type,description\nnews-tracker.example,domain,newsletter tracker\n");
        const QString unused = m_tmp.path() + QStringLiteral("/unused.csv");
        test::writeFile(unused, "value,type,description\nparliament.example,domain,would hit if enabled\n");

        // As the rules manager leaves them: one IOC file on, one off, every analyzer on.
        AppSettings::setIocFiles({feed, unused});
        AppSettings::setDisabledIocFiles({unused});
        AppSettings::setDisabledAnalyzers({});
        AppSettings::setProtectedDomains({QStringLiteral("parliament.example")});
        {
            RulesManagerDialog rm(nullptr, false);
            QCOMPARE(rm.analyzerTree()->topLevelItemCount(), 10);
            QCOMPARE(rm.analyzerTree()->topLevelItem(0)->text(0), QStringLiteral("harrier.email.tracking-pixel"));
            QCOMPARE(rm.analyzerTree()->topLevelItem(0)->checkState(0), Qt::Checked);
        }

        auto tc = test::makeTempCase("rescan");
        IngestJob ingest(*tc->db, {eml}, {}, {});
        QVERIFY(runJob(ingest, m_pool));
        QVERIFY(ruleIds(*tc->db).empty());

        const auto options = ScanJob::optionsFromSettings({});
        QCOMPARE(options.iocPaths, std::vector<std::string>{feed.toStdString()});
        QVERIFY(options.analyzers);
        ScanJob scan(*tc->db, options);
        QVERIFY(runJob(scan, m_pool));
        const auto ids = ruleIds(*tc->db);
        QCOMPARE(ids.count("harrier.email.tracking-pixel"), 1u);
        // 75: the pixel URL carries the recipient's address (URL-encoded).
        QCOMPARE(severityOf(*tc->db, "harrier.email.tracking-pixel"), 75);
        QVERIFY(ids.count("ioc:feeds.csv:line 2") >= 1);
        for (const auto &id : ids)
            QVERIFY2(id.rfind("ioc:unused.csv", 0) != 0, id.c_str());  // the disabled IOC file did not run
        QCOMPARE(scan.hitCount(), static_cast<quint64>(ids.size()));

        // Switching the analyzer off in the settings: the next run (a new
        // analyzer version, the latest) has no tracking-pixel hit.
        AppSettings::setDisabledAnalyzers({QStringLiteral("harrier.email.tracking-pixel")});
        ScanJob again(*tc->db, ScanJob::optionsFromSettings({}));
        QVERIFY(runJob(again, m_pool));
        const auto after = ruleIds(*tc->db);
        QCOMPARE(after.count("harrier.email.tracking-pixel"), 0u);
        QVERIFY(after.count("ioc:feeds.csv:line 2") >= 1);
    }
};

QTEST_MAIN(TestRescan)
#include "tst_rescan.moc"
