#include "ui/workspace/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStackedWidget>
#include <QStatusBar>

#include "casestore/case_db.h"
#include "ui/dialogs/add_evidence_dialog.h"
#include "ui/dialogs/about_dialog.h"
#include "ui/dialogs/rules_manager_dialog.h"
#include "ui/dialogs/settings_dialog.h"
#include "ui/jobs/ingest_job.h"
#include "ui/jobs/progress_panel.h"
#include "ui/jobs/scan_job.h"
#include "ui/widgets/annotation_panel.h"
#include "ui/workspace/app_settings.h"
#include "ui/workspace/case_session.h"
#include "ui/workspace/case_workspace.h"
#include "ui/workspace/welcome_page.h"

namespace harrier::ui {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent) {
    setWindowTitle(QStringLiteral("Harrier"));
    setAcceptDrops(true);
    // One job at a time: ingest and scan both write through the case's single writer.
    m_pool.setMaxThreadCount(1);

    m_stack = new QStackedWidget(this);
    m_welcome = new WelcomePage(m_stack);
    m_stack->addWidget(m_welcome);
    setCentralWidget(m_stack);
    connect(m_welcome, &WelcomePage::newCaseRequested, this, &MainWindow::chooseNewCase);
    connect(m_welcome, &WelcomePage::openCaseRequested, this, &MainWindow::chooseCase);
    connect(m_welcome, &WelcomePage::openPathRequested, this, &MainWindow::openCase);

    m_progress = new ProgressPanel(this);
    m_progressDock = new QDockWidget(tr("Progress"), this);
    m_progressDock->setObjectName(QStringLiteral("progressDock"));
    m_progressDock->setWidget(m_progress);
    addDockWidget(Qt::BottomDockWidgetArea, m_progressDock);
    m_progressDock->hide();

    m_annotations = new AnnotationPanel(this);
    m_annotationDock = new QDockWidget(tr("Annotations"), this);
    m_annotationDock->setObjectName(QStringLiteral("annotationDock"));
    m_annotationDock->setWidget(m_annotations);
    addDockWidget(Qt::RightDockWidgetArea, m_annotationDock);
    m_annotationDock->hide();
    connect(m_annotations, &AnnotationPanel::annotated, this, [this] {
        if (m_workspace)
            m_workspace->refresh();
    });

    m_statusPath = new QLabel(this);
    m_statusReadOnly = new QLabel(this);
    statusBar()->addPermanentWidget(m_statusPath, 1);
    statusBar()->addPermanentWidget(m_statusReadOnly);
    buildMenus();
    updateActions();
    updateStatus();
    resize(1360, 860);
}

MainWindow::~MainWindow() {
    // A running job uses the session's writer: stop it and wait before the case closes.
    if (m_job)
        m_job->requestStop();
    m_pool.waitForDone();
}

void MainWindow::buildMenus() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New case\u2026"), QKeySequence::New, this, &MainWindow::chooseNewCase);
    file->addAction(tr("&Open case\u2026"), QKeySequence::Open, this, &MainWindow::chooseCase);
    m_recentMenu = file->addMenu(tr("Open &recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addAction(tr("Open &demo case"), this, [this] {
        const QString p = AppSettings::demoCasePath();
        if (p.isEmpty())
            QMessageBox::information(this, tr("Demo case"), tr("No demo case was found."));
        else
            openCase(p);
    });
    file->addSeparator();
    QAction *addFile = file->addAction(tr("Add &evidence file\u2026"), QKeySequence(tr("Ctrl+I")), this,
                                       [this] { chooseEvidence(false); });
    QAction *addFolder = file->addAction(tr("Add evidence &folder\u2026"), QKeySequence(tr("Ctrl+Shift+I")), this,
                                         [this] { chooseEvidence(true); });
    file->addSeparator();
    QAction *close = file->addAction(tr("&Close case"), QKeySequence::Close, this, &MainWindow::closeCase);
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QStringList tabs = {tr("&Dashboard"), tr("&Evidence"), tr("&Timeline"), tr("&Hits"), tr("E&mail"), tr("&Artifact")};
    for (int i = 0; i < tabs.size(); ++i) {
        QAction *a = view->addAction(tabs[i], QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 1)), this, [this, i] {
            if (m_workspace)
                m_workspace->showTab(static_cast<CaseWorkspace::Tab>(i));
        });
        m_caseActions << a;
    }
    view->addSeparator();
    QAction *refresh = view->addAction(tr("&Refresh"), QKeySequence::Refresh, this, [this] {
        if (m_workspace)
            m_workspace->refresh();
    });
    m_caseActions << refresh;
    QAction *progress = m_progressDock->toggleViewAction();
    progress->setShortcut(QKeySequence(tr("Ctrl+Shift+P")));
    view->addAction(progress);
    QAction *annotations = m_annotationDock->toggleViewAction();
    annotations->setShortcut(QKeySequence(tr("Ctrl+Shift+A")));
    view->addAction(annotations);

    QMenu *rules = menuBar()->addMenu(tr("&Rules"));
    QAction *manager = rules->addAction(tr("Rules &manager\u2026"), QKeySequence(tr("Ctrl+R")), this,
                                        &MainWindow::openRulesManager);
    QAction *rescan = rules->addAction(tr("&Re-scan with enabled rules"), QKeySequence(tr("Ctrl+Shift+R")), this, [this] {
        // Analyzers need no pack, so a re-scan always has something to run.
        QStringList enabled;
        const QStringList disabled = AppSettings::disabledRulePacks();
        for (const auto &p : AppSettings::ruleFolders())
            if (!disabled.contains(p))
                enabled << p;
        startScan(enabled);
    });
    m_caseActions << manager;
    m_writeActions << addFile << addFolder << rescan;
    m_caseActions << close;

    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(tr("&Settings\u2026"), QKeySequence::Preferences, this, &MainWindow::openSettings);
    QAction *settingsAlt = new QAction(this);
    settingsAlt->setShortcut(QKeySequence(tr("Ctrl+,")));
    connect(settingsAlt, &QAction::triggered, this, &MainWindow::openSettings);
    addAction(settingsAlt);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Harrier"), this, [this] {
        AboutDialog dialog(this);
        dialog.exec();
    });
}

void MainWindow::fillRecentMenu() {
    m_recentMenu->clear();
    for (const auto &p : AppSettings::recentCases())
        m_recentMenu->addAction(p, this, [this, p] { openCase(p); });
    if (m_recentMenu->isEmpty())
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
}

void MainWindow::chooseCase() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open case"), {}, tr("Harrier cases (*.hcase);;All files (*)"));
    if (!path.isEmpty())
        openCase(path);
}

void MainWindow::chooseNewCase() {
    QString path = QFileDialog::getSaveFileName(this, tr("New case"), {}, tr("Harrier cases (*.hcase)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".hcase")))
        path += QLatin1String(".hcase");
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New case"), tr("Case name:"), QLineEdit::Normal,
                                               QFileInfo(path).completeBaseName(), &ok);
    if (ok)
        createCase(path, name.isEmpty() ? QFileInfo(path).completeBaseName() : name);
}

bool MainWindow::createCase(const QString &path, const QString &name) {
    QString error;
    auto session = CaseSession::create(path, name, AppSettings::analyst(), &error);
    if (!session) {
        QMessageBox::warning(this, tr("Cannot create case"), error);
        return false;
    }
    session.reset();  // openCase() takes the writer lock itself
    return openCase(path);
}

bool MainWindow::openCase(const QString &path) {
    if (m_job) {
        QMessageBox::information(this, tr("Job running"), tr("Wait for the running job or stop it first."));
        return false;
    }
    QString error;
    auto session = CaseSession::open(path, AppSettings::analyst(), &error);
    if (!session) {
        QMessageBox::warning(this, tr("Cannot open case"), error);
        return false;
    }
    closeCase();
    m_session = std::move(session);
    m_session->setAnalyst(AppSettings::analyst());
    m_workspace = new CaseWorkspace(*m_session, m_stack);
    m_stack->addWidget(m_workspace);
    m_stack->setCurrentWidget(m_workspace);
    connect(m_workspace, &CaseWorkspace::objectSelected, this, [this](qint64 id, const QString &label) {
        m_annotations->setTarget(casestore::TargetKind::Object, id, label);
    });
    connect(m_workspace, &CaseWorkspace::eventSelected, this, [this](qint64 id, const QString &label) {
        m_annotations->setTarget(casestore::TargetKind::Event, id, label);
    });
    m_annotations->setCase(&m_session->reader(), m_session->writer());
    m_annotationDock->show();
    AppSettings::addRecentCase(path);
    setWindowTitle(tr("%1 \u2014 Harrier").arg(QString::fromStdString(m_session->reader().info().name)));
    updateActions();
    updateStatus();
    emit caseOpened(path);
    return true;
}

void MainWindow::closeCase() {
    if (m_job)
        return;  // the job holds the writer; closing waits for it to end
    m_annotations->setCase(nullptr, nullptr);
    if (m_workspace) {
        m_stack->removeWidget(m_workspace);
        delete m_workspace;
        m_workspace = nullptr;
    }
    m_session.reset();
    m_welcome->refresh();
    m_stack->setCurrentWidget(m_welcome);
    m_annotationDock->hide();
    setWindowTitle(QStringLiteral("Harrier"));
    updateActions();
    updateStatus();
}

void MainWindow::chooseEvidence(bool folder) {
    const QString path = folder ? QFileDialog::getExistingDirectory(this, tr("Add evidence folder"))
                                : QFileDialog::getOpenFileName(this, tr("Add evidence file"));
    if (!path.isEmpty())
        askAndIngest({path});
}

void MainWindow::askAndIngest(const QStringList &paths) {
    if (!m_session) {
        QMessageBox::information(this, tr("No case open"),
                                 tr("Evidence goes into a case. Choose where to create a new case for it."));
        chooseNewCase();
        if (!m_session)
            return;
    }
    if (!m_confirmDrops) {
        startIngest(paths);
        return;
    }
    AddEvidenceDialog dialog(paths, this);
    if (dialog.exec() == QDialog::Accepted)
        startIngest(dialog.paths(), dialog.passwords(), dialog.host());
}

bool MainWindow::startIngest(const QStringList &paths, const QStringList &passwords, const QString &host) {
    if (!m_session || !m_session->writer() || m_job || paths.isEmpty())
        return false;
    runJob(new IngestJob(*m_session->writer(), paths, passwords, host));
    return true;
}

bool MainWindow::startScan(const QStringList &yaraPaths) {
    if (!m_session || !m_session->writer() || m_job)
        return false;
    runJob(new ScanJob(*m_session->writer(), ScanJob::optionsFromSettings(yaraPaths)));
    return true;
}

void MainWindow::runJob(Job *job) {
    job->setParent(this);
    m_job = job;
    m_progress->track(job);
    m_progressDock->show();
    m_annotations->setWriterBusy(true);
    connect(job, &Job::finished, this, &MainWindow::jobEnded);
    job->start(m_pool);
    updateActions();
    updateStatus();
}

void MainWindow::jobEnded(bool ok, const QString &summary) {
    Job *job = m_job;
    m_job = nullptr;
    if (job)
        job->deleteLater();
    m_annotations->setWriterBusy(false);
    if (m_workspace)
        m_workspace->refresh();
    statusBar()->showMessage(summary.section(QLatin1Char('\n'), 0, 0), 10000);
    updateActions();
    updateStatus();
    emit jobFinished(ok, summary);
}

void MainWindow::openRulesManager() {
    RulesManagerDialog dialog(m_session ? &m_session->reader() : nullptr,
                              m_session && m_session->writer() && !m_job, this);
    connect(&dialog, &RulesManagerDialog::rescanRequested, this, &MainWindow::startScan);
    dialog.exec();
}

void MainWindow::openSettings() {
    SettingsDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted && m_session)
        m_session->setAnalyst(AppSettings::analyst());
}

void MainWindow::updateActions() {
    for (QAction *a : std::as_const(m_caseActions))
        a->setEnabled(m_session != nullptr);
    const bool canWrite = m_session && m_session->writer() && !m_job;
    for (QAction *a : std::as_const(m_writeActions))
        a->setEnabled(canWrite);
}

void MainWindow::updateStatus() {
    if (!m_session) {
        m_statusPath->setText(tr("No case open"));
        m_statusReadOnly->clear();
        m_statusReadOnly->setToolTip({});
        return;
    }
    m_statusPath->setText(m_session->path());
    if (m_session->readOnly()) {
        m_statusReadOnly->setText(tr(" READ-ONLY "));
        m_statusReadOnly->setStyleSheet(QStringLiteral("QLabel { background: #f6e7a8; color: #3d3200; font-weight: 600; }"));
        m_statusReadOnly->setToolTip(m_session->readOnlyReason());
    } else {
        m_statusReadOnly->setStyleSheet({});
        m_statusReadOnly->setText(m_job ? tr("writing: %1").arg(m_job->title()) : tr("read-write"));
        m_statusReadOnly->setToolTip({});
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event) {
    if (!event->mimeData()->hasUrls())
        return;
    for (const QUrl &u : event->mimeData()->urls())
        if (!u.isLocalFile())
            return;  // never fetch: only local files and folders are evidence
    event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event) {
    QStringList paths;
    for (const QUrl &u : event->mimeData()->urls())
        if (u.isLocalFile())
            paths << u.toLocalFile();
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    // A dropped case file opens; anything else is evidence.
    if (paths.size() == 1 && paths.first().endsWith(QLatin1String(".hcase"))) {
        openCase(paths.first());
        return;
    }
    if (m_job) {
        QMessageBox::information(this, tr("Job running"), tr("Wait for the running job before adding evidence."));
        return;
    }
    if (m_session && m_session->readOnly()) {
        QMessageBox::information(this, tr("Read-only case"), tr("This case is open read-only: %1.").arg(m_session->readOnlyReason()));
        return;
    }
    askAndIngest(paths);
}

void MainWindow::closeEvent(QCloseEvent *event) {
    if (m_job) {
        const auto answer = QMessageBox::question(this, tr("Job running"),
                                                  tr("A job is running. Stop it (keeping what is done) and quit?"));
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        m_job->requestStop();
        m_pool.waitForDone();
    }
    event->accept();
}

}  // namespace harrier::ui
