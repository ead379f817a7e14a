// The PDF and HTML summary as a reader gets them, produced by the real
// harrier-cli (headless, offscreen) from a case with mailbox and endpoint
// evidence, and read back with poppler's pdftotext/pdftoppm (independent of
// Qt). Set HARRIER_REPORT_SHOTS=DIR to keep the PDF and page PNGs there.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtTest>

#include "casestore/annotations.h"
#include "casestore/case_db.h"
#include "casestore/event_query.h"
#include "support/case_fixture.h"

using harrier::test::runCli;
namespace cs = harrier::casestore;

namespace {

QString run(const QString &program, const QStringList &args, int *exitCode = nullptr) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(120000))
        return {};
    if (exitCode)
        *exitCode = p.exitCode();
    return QString::fromUtf8(p.readAllStandardOutput());
}

QString pdfText(const QString &pdf, int page = 0) {
    QStringList args{QStringLiteral("-layout")};
    if (page > 0)
        args << QStringLiteral("-f") << QString::number(page) << QStringLiteral("-l") << QString::number(page);
    args << pdf << QStringLiteral("-");
    return run(QStringLiteral("pdftotext"), args);
}

/// pdftotext keeps layout columns apart with runs of spaces; collapse them
/// so phrases that wrap inside a table cell can still be found.
/// NFKC also turns typographic ligatures (U+FB01 "ﬁ") back into letters.
QString squeeze(QString s) {
    return s.normalized(QString::NormalizationForm_KC).replace(QRegularExpression(QStringLiteral("\\s+")), QStringLiteral(" "));
}

}  // namespace

class TestReportPdf : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    harrier::test::FixtureCase m_fx;
    QString m_pdf, m_html;
    int m_pages = 0;

private slots:
    void initTestCase() {
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
            QFAIL("pdftotext (poppler-utils) is required: installer/deps-debian.sh installs it");
        QVERIFY(harrier::test::buildFixtureCase(m_dir.path(), QStringLiteral("alice"), m_fx, 400));
        const QString email = QString::number(m_fx.emailId);
        QCOMPARE(runCli({"annotate", m_fx.casePath, email, "--verdict", "malicious", "--bookmark", "--note",
                         "Tracking pixel confirms the victim opened the lure; block tracker.evil-example.net",
                         "--analyst", "alice"}),
                 0);
        QCOMPARE(runCli({"annotate", m_fx.casePath, QString::number(m_fx.logId), "--tag", "webshell", "--note",
                         "Web shell request from 203.0.113.7 at 10:03:20", "--analyst", "bob", "--write"}),
                 0);
        // Enough tagged events that the key timeline runs over several pages.
        auto db = cs::CaseDb::open(m_fx.casePath.toStdString(), cs::OpenMode::ReadWrite);
        QVERIFY(db);
        (*db)->setAnalyst("bob");
        auto rows = cs::EventQuery(**db).page({}, std::nullopt, cs::PageDirection::Forward, 150);
        QVERIFY(rows && rows->size() == 150);
        cs::AnnotationStore store(**db);
        for (const auto &e : *rows)
            QVERIFY(store.add(cs::TargetKind::Event, e.id, cs::AnnotationKind::Tag, "recon"));
        db->reset();

        m_pdf = m_dir.path() + QStringLiteral("/summary.pdf");
        m_html = m_dir.path() + QStringLiteral("/summary.html");
        QByteArray out, err;
        QCOMPARE(runCli({"report", m_fx.casePath, "--pdf", m_pdf, "--html", m_html, "--marking", "TLP:AMBER",
                         "--analyst", "alice"},
                        &out, &err),
                 0);
        QVERIFY2(QFileInfo(m_pdf).size() > 10000, err.constData());
        const QString info = run(QStringLiteral("pdfinfo"), {m_pdf});
        m_pages = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(info).captured(1).toInt();
        QVERIFY2(m_pages >= 5, qPrintable(info));

        if (const QString shots = qEnvironmentVariable("HARRIER_REPORT_SHOTS"); !shots.isEmpty()) {
            QDir().mkpath(shots);
            QFile::remove(shots + QStringLiteral("/summary.pdf"));
            QFile::copy(m_pdf, shots + QStringLiteral("/summary.pdf"));
            QFile::remove(shots + QStringLiteral("/summary.html"));
            QFile::copy(m_html, shots + QStringLiteral("/summary.html"));
            run(QStringLiteral("pdftoppm"), {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("70"), m_pdf,
                                             shots + QStringLiteral("/page")});
        }
    }

    void everySectionIsThere() {
        const QString text = squeeze(pdfText(m_pdf));
        for (const char *heading :
             {"Incident-response summary", "1. Executive summary", "2. Evidence", "3. Findings",
              "4. Key timeline (UTC)", "5. Analyst notes", "6. Activity over time", "7. Rule packs used",
              "Appendix A. Indicators of compromise (defanged)"})
            QVERIFY2(text.contains(QLatin1String(heading)), heading);
    }

    void titlePageHasCaseFactsAndTheCaseFileHash() {
        const QString title = squeeze(pdfText(m_pdf, 1));
        QVERIFY(title.contains(QStringLiteral("Operation Harrier")));
        QVERIFY(title.contains(QStringLiteral("alice, bob")) || (title.contains("alice") && title.contains("bob")));
        QVERIFY(title.contains(QStringLiteral("TLP:AMBER")));
        QVERIFY(title.contains(harrier::test::sha256sum(m_fx.casePath)));
        QVERIFY(title.contains(QStringLiteral("Created")) && title.contains(QStringLiteral("Last updated")));
    }

    void evidenceHashesAreListed() {
        const QString text = squeeze(pdfText(m_pdf));
        QVERIFY(text.contains(harrier::test::sha256sum(m_fx.emlPath)));
        QVERIFY(text.contains(harrier::test::sha256sum(m_fx.logPath)));
        QVERIFY(text.contains(QStringLiteral("invoice-4471.eml")));
        QVERIFY(text.contains(QStringLiteral("u_ex240325.log")));
    }

    void findingsCarryExplanationsEmailFactsAndDefangedIndicators() {
        const QString text = squeeze(pdfText(m_pdf));
        QVERIFY(text.contains(m_fx.yaraExplanation));
        QVERIFY(text.contains(squeeze(m_fx.pixelExplanation)));
        QVERIFY(text.contains(QStringLiteral("Harrier_Test_Webshell_Cmd")));
        QVERIFY(text.contains(QStringLiteral("Subject: Invoice 4471 overdue")));
        QVERIFY(text.contains(QStringLiteral("2024-03-25 09:14:00 UTC")));
        QVERIFY(text.contains(QStringLiteral("billing[@]invoices-example[.]com")));
        QVERIFY(text.contains(QStringLiteral("hxxp[://]tracker[.]evil-example[.]net")));
        QVERIFY(text.contains(QStringLiteral("Verdict: malicious (alice)")));
        // Grouped: High before Medium.
        QVERIFY(text.indexOf(QStringLiteral("High (1)")) < text.indexOf(QStringLiteral("Medium (1)")));
        // Never a live link in the whole document.
        QVERIFY(!text.contains(QStringLiteral("http://tracker")));
        QVERIFY(!text.contains(QStringLiteral("https://pay.evil")));
    }

    void notesTimelineRulePacksAndLicense() {
        const QString text = squeeze(pdfText(m_pdf));
        QVERIFY(text.contains(QStringLiteral("Tracking pixel confirms the victim")));
        QVERIFY(text.contains(QStringLiteral("block tracker[.]evil-example[.]net")));  // free text defanged too
        QVERIFY(text.contains(QStringLiteral("bookmark")));
        QVERIFY(text.contains(QStringLiteral("recon")));
        QVERIFY(text.contains(QStringLiteral("Detection Rule License (DRL) 1.1")));
        QVERIFY(text.contains(QStringLiteral("signature-base by Florian Roth")));
        QVERIFY(text.contains(QStringLiteral("analyzer:tracking_pixel")));
        QVERIFY(text.contains(QStringLiteral("events in")));  // the chart's caption
    }

    void noTextLeaksOntoTheWrongPage() {
        // Each heading once: a line on a page boundary must not also be
        // written (clipped, invisible) into the previous page's text.
        const QString text = squeeze(pdfText(m_pdf));
        for (const char *heading : {"3. Findings", "4. Key timeline (UTC)", "5. Analyst notes", "6. Activity over time"})
            QVERIFY2(text.count(QLatin1String(heading)) == 1, heading);
        QVERIFY2(!pdfText(m_pdf).contains(QChar(0xFB01)), "ligature in the text layer");
    }

    void everyPageHasMarkingAndPageNumbers() {
        for (int page = 1; page <= m_pages; ++page) {
            const QString t = pdfText(m_pdf, page);
            QVERIFY2(t.contains(QStringLiteral("Page %1 of %2").arg(page).arg(m_pages)), qPrintable(QString::number(page)));
            QVERIFY2(t.count(QStringLiteral("TLP:AMBER")) >= 2, qPrintable(QString::number(page)));  // header + footer
        }
    }

    void longTimelineBreaksAcrossPagesWithItsHeaderRepeated() {
        int pagesWithTimelineRows = 0;
        for (int page = 1; page <= m_pages; ++page) {
            const QString t = pdfText(m_pdf, page);
            if (t.count(QStringLiteral("recon")) >= 5) {
                ++pagesWithTimelineRows;
                QVERIFY2(t.contains(QStringLiteral("Time (UTC)")), qPrintable(QString::number(page)));
            }
        }
        QVERIFY(pagesWithTimelineRows >= 2);
    }

    void htmlHasTheSameContent() {
        QFile f(m_html);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString html = QString::fromUtf8(f.readAll());
        QVERIFY(html.contains(harrier::test::sha256sum(m_fx.emlPath)));
        QVERIFY(html.contains(harrier::test::sha256sum(m_fx.logPath)));
        QVERIFY(html.contains(m_fx.yaraExplanation));
        QVERIFY(html.contains(QStringLiteral("hxxp[://]tracker[.]evil-example[.]net")));
        QVERIFY(html.contains(QStringLiteral("data:image/png;base64,")));
        QVERIFY(!html.contains(QStringLiteral("http://tracker")));
        QVERIFY(html.contains(QStringLiteral("Content-Security-Policy")));
    }

    void reportNeedsAnOutput() {
        QCOMPARE(runCli({"report", m_fx.casePath}), 2);
    }
};

QTEST_GUILESS_MAIN(TestReportPdf)
#include "tst_report_pdf.moc"
