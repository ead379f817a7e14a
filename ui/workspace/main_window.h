#pragma once
#include <QMainWindow>
#include <QPointer>
#include <QThreadPool>

#include <memory>

#include "ui/jobs/job.h"

class QDockWidget;
class QLabel;
class QMenu;
class QStackedWidget;

namespace harrier::ui {

class AnnotationPanel;
class CaseSession;
class CaseWorkspace;
class ProgressPanel;
class WelcomePage;

/// The application window: the welcome page or the open case's workspace,
/// the progress and annotation docks, menus with shortcuts, drag-and-drop
/// ingest, and the status bar (case path, read-only indicator, job).
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens read-write when possible; read-only (with a banner) when the
    /// case is locked by another process, not writable, or a colleague's.
    bool openCase(const QString &path);
    bool createCase(const QString &path, const QString &name);
    void closeCase();
    /// Starts ingesting without asking (drops and File → Add evidence ask first).
    bool startIngest(const QStringList &paths, const QStringList &passwords = {}, const QString &host = {});
    /// Re-scans with these YARA packs plus the IOC files, protected domains
    /// and analyzers from the settings (ScanJob::optionsFromSettings).
    bool startScan(const QStringList &yaraPaths);

    CaseSession *session() const { return m_session.get(); }
    CaseWorkspace *workspace() const { return m_workspace; }
    WelcomePage *welcome() const { return m_welcome; }
    ProgressPanel *progressPanel() const { return m_progress; }
    AnnotationPanel *annotationPanel() const { return m_annotations; }
    Job *currentJob() const { return m_job; }
    QLabel *readOnlyIndicator() const { return m_statusReadOnly; }
    /// Ask before ingesting a drop (password, host); tests turn it off.
    void setConfirmDrops(bool confirm) { m_confirmDrops = confirm; }

signals:
    void caseOpened(const QString &path);
    void jobFinished(bool ok, const QString &summary);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void chooseCase();
    void chooseNewCase();
    void chooseEvidence(bool folder);
    void askAndIngest(const QStringList &paths);
    void openRulesManager();
    void openSettings();
    void runJob(Job *job);
    void jobEnded(bool ok, const QString &summary);
    void updateActions();
    void updateStatus();
    void fillRecentMenu();

    std::unique_ptr<CaseSession> m_session;
    QStackedWidget *m_stack = nullptr;
    WelcomePage *m_welcome = nullptr;
    CaseWorkspace *m_workspace = nullptr;
    QDockWidget *m_progressDock = nullptr;
    QDockWidget *m_annotationDock = nullptr;
    ProgressPanel *m_progress = nullptr;
    AnnotationPanel *m_annotations = nullptr;
    QLabel *m_statusPath = nullptr;
    QLabel *m_statusReadOnly = nullptr;
    QMenu *m_recentMenu = nullptr;
    QList<QAction *> m_caseActions;     ///< need an open case
    QList<QAction *> m_writeActions;    ///< need a writable case and no job
    QThreadPool m_pool;
    QPointer<Job> m_job;
    bool m_confirmDrops = true;
};

}  // namespace harrier::ui
