// Drag and drop onto the main window with real QDragEnterEvent/QDropEvent:
// with a case open, dropped mailboxes and a zip are ingested (counts from
// what this test wrote, read back from the case file); with no case open,
// the window asks for a new case first (its dialogs are answered here) and
// ingests into it, or does nothing when the analyst cancels; remote URLs
// are refused before anything could fetch them.
#include <QApplication>
#include <QFileDialog>
#include <QLineEdit>
#include <QInputDialog>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTimer>
#include <QtTest>

#include <functional>

#include "casestore/case_reader.h"
#include "fixtures.h"
#include "ui/workspace/app_settings.h"
#include "ui/workspace/case_session.h"
#include "ui/workspace/main_window.h"
#include "ui/workspace/welcome_page.h"

using namespace harrier;
using namespace harrier::ui;

namespace {

QString writeEml(const QString &dir) {
    const QString path = dir + QStringLiteral("/forwarded.eml");
    test::writeFile(path, "From: Dave <dave@example.org>\r\nTo: bob@parliament.example\r\nSubject: Forwarded invite\r\n"
                          "Date: Wed, 06 Mar 2024 14:00:00 +0000\r\nMessage-ID: <d1@example.org>\r\n"
                          "Content-Type: text/plain\r\n\r\nPlease see the invite below.\r\n");
    return path;
}

QMimeData *urlsOf(const QStringList &paths) {
    auto *mime = new QMimeData;
    QList<QUrl> urls;
    for (const QString &p : paths)
        urls << QUrl::fromLocalFile(p);
    mime->setUrls(urls);
    return mime;
}

/// Sends the enter and (when accepted) the drop a real drag would, at the
/// centre of `target` (the enter climbs to the window that accepts drops).
bool dragAndDrop(QWidget *window, QWidget *target, QMimeData *mime) {
    const QPoint at = target->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent drop(QPointF(target->mapTo(window, at)), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window, &drop);
    return drop.isAccepted();
}

/// Answers modal dialogs as they open (each step gets the next new one);
/// they run their own event loops inside the drop handler.
class DialogAnswers : public QObject {
public:
    explicit DialogAnswers(QList<std::function<void(QWidget *)>> steps) : m_steps(std::move(steps)) {
        connect(&m_poll, &QTimer::timeout, this, [this] {
            QWidget *modal = QApplication::activeModalWidget();
            if (!modal)
                return;
            if (modal == m_last) {
                // Still open: a step can come too early (a file dialog still
                // listing its folder ignores accept()), so answer it again.
                if (++m_stillOpen % 25 == 0 && m_lastStep)
                    m_lastStep(modal);
                return;
            }
            if (m_steps.isEmpty())
                return;
            m_last = modal;
            m_stillOpen = 0;
            seen << modal->metaObject()->className();
            m_lastStep = m_steps.takeFirst();
            m_lastStep(modal);
        });
        m_poll.start(20);
    }
    QStringList seen;  ///< class names of the dialogs answered, in order

private:
    QList<std::function<void(QWidget *)>> m_steps;
    QPointer<QWidget> m_last;
    std::function<void(QWidget *)> m_lastStep;
    int m_stillOpen = 0;
    QTimer m_poll;
};

/// Objects of `kind` in the source named `source` (its file name), read back from the case file.
std::size_t objectsOfKind(const QString &casePath, const QString &source, const std::string &kind) {
    auto db = casestore::CaseDb::open(casePath.toStdString(), casestore::OpenMode::ReadOnly);
    if (!db)
        return 0;
    casestore::CaseReader reader(**db);
    std::size_t n = 0;
    if (auto sources = reader.sources())
        for (const auto &s : *sources)
            if (QString::fromStdString(s.source.displayName) == source)
                if (auto objs = reader.objectsOfSource(s.source.id, kind))
                    n += objs->size();
    return n;
}

std::size_t sourceCount(const QString &casePath) {
    auto db = casestore::CaseDb::open(casePath.toStdString(), casestore::OpenMode::ReadOnly);
    if (!db)
        return 0;
    auto s = casestore::CaseReader(**db).sources();
    return s ? s->size() : 0;
}

}  // namespace

class TestDrop : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_mbox, m_eml, m_zip;

private slots:
    void initTestCase() {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_tmp.path() + QStringLiteral("/settings"));
        QCoreApplication::setOrganizationName(QStringLiteral("HarrierTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_drop"));
        AppSettings::setAnalyst(QStringLiteral("Ana Lyst"));
        qputenv("HARRIER_DEMO_CASE", (m_tmp.path() + QStringLiteral("/no-demo.hcase")).toUtf8());
        const QString evidence = m_tmp.path() + QStringLiteral("/evidence");
        QDir().mkpath(evidence);
        m_mbox = test::writeMailbox(evidence);            // 3 messages
        m_eml = writeEml(evidence);                       // 1 message
        m_zip = test::writeCollectionZip(evidence, 5);    // 3 + 5 files
    }

    void dropIngestsIntoOpenCase() {
        const QString path = m_tmp.path() + QStringLiteral("/open.hcase");
        MainWindow w;
        w.setConfirmDrops(false);  // the add-evidence dialog has its own tests; this is about the drop
        w.resize(1200, 760);
        w.show();
        QVERIFY(w.createCase(path, QStringLiteral("Drop target")));
        QSignalSpy done(&w, &MainWindow::jobFinished);
        std::unique_ptr<QMimeData> mime(urlsOf({m_mbox, m_eml, m_zip}));
        QVERIFY(dragAndDrop(&w, w.centralWidget(), mime.get()));
        QVERIFY(w.currentJob());  // the drop started the ingest job
        QVERIFY(done.wait(120000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
        QCOMPARE(sourceCount(path), std::size_t{3});
        QCOMPARE(objectsOfKind(path, QStringLiteral("inbox.mbox"), "email"), std::size_t{3});
        QCOMPARE(objectsOfKind(path, QStringLiteral("forwarded.eml"), "email"), std::size_t{1});
        QCOMPARE(objectsOfKind(path, QStringLiteral("collection-web01.zip"), "file"), std::size_t{8});
    }

    // Only local files are evidence: a drag of a web link is not even accepted.
    void remoteUrlsAreRefused() {
        MainWindow w;
        w.show();
        QMimeData mime;
        mime.setUrls({QUrl(QStringLiteral("http://127.0.0.1:9/evil.mbox"))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(!enter.isAccepted());
    }

    // No case open: the window says evidence needs a case, asks where to
    // create one and its name, then ingests the drop into it.
    void dropOnWelcomeCreatesCaseFirst() {
        const QString path = m_tmp.path() + QStringLiteral("/from-drop.hcase");
        MainWindow w;
        w.setConfirmDrops(false);
        w.resize(1200, 760);
        w.show();
        QVERIFY(!w.session());
        QString info;
        DialogAnswers answers({[&info](QWidget *d) {
                                   auto *box = qobject_cast<QMessageBox *>(d);
                                   info = box ? box->text() : QString();
                                   d->close();
                               },
                               [path](QWidget *d) {
                                   if (auto *fd = qobject_cast<QFileDialog *>(d)) {
                                       // Typed into the name field and accepted as the
                                       // analyst would; done() (a protected slot) does not wait for the
                                       // dialog's folder listing, which accept() does.
                                       fd->selectFile(path);
                                       if (auto *name = fd->findChild<QLineEdit *>(QStringLiteral("fileNameEdit")))
                                           name->setText(path);
                                       QMetaObject::invokeMethod(fd, "done", Q_ARG(int, QDialog::Accepted));
                                   }
                               },
                               [](QWidget *d) {
                                   if (auto *in = qobject_cast<QInputDialog *>(d)) {
                                       in->setTextValue(QStringLiteral("Dropped mailbox"));
                                       in->accept();
                                   }
                               }});
        QSignalSpy done(&w, &MainWindow::jobFinished);
        std::unique_ptr<QMimeData> mime(urlsOf({m_mbox}));
        QVERIFY(dragAndDrop(&w, w.welcome(), mime.get()));
        QCOMPARE(answers.seen, (QStringList{QStringLiteral("QMessageBox"), QStringLiteral("QFileDialog"),
                                           QStringLiteral("QInputDialog")}));
        QVERIFY2(info.contains(QStringLiteral("case")), qPrintable(info));
        QVERIFY(w.session());
        QCOMPARE(QString::fromStdString(w.session()->reader().info().name), QStringLiteral("Dropped mailbox"));
        QVERIFY(done.wait(120000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
        QCOMPARE(sourceCount(path), std::size_t{1});
        QCOMPARE(objectsOfKind(path, QStringLiteral("inbox.mbox"), "email"), std::size_t{3});
    }

    // Cancelling the "where to create it" dialog leaves the welcome page as it was.
    void dropOnWelcomeCancelledDoesNothing() {
        MainWindow w;
        w.setConfirmDrops(false);
        w.show();
        DialogAnswers answers({[](QWidget *d) { d->close(); }, [](QWidget *d) {
                                   if (auto *fd = qobject_cast<QFileDialog *>(d))
                                       fd->reject();
                               }});
        std::unique_ptr<QMimeData> mime(urlsOf({m_mbox}));
        QVERIFY(dragAndDrop(&w, w.welcome(), mime.get()));
        QCOMPARE(answers.seen.size(), 2);
        QVERIFY(!w.session());
        QVERIFY(!w.currentJob());
        QVERIFY(w.welcome()->isVisible());
    }
};

QTEST_MAIN(TestDrop)
#include "tst_drop.moc"
