#pragma once
#include <QDialog>

class QLabel;
class QListWidget;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::ui {

/// Rule packs: YARA folders/files (compiled to show per-file errors and rule
/// counts; enable/disable each), IOC files and built-in analyzers (each
/// enabled/disabled), the rule sets that produced hits in this case, and
/// "Re-scan case". Every change is saved to AppSettings at once, because the
/// re-scan job reads its options from there.
class RulesManagerDialog : public QDialog {
    Q_OBJECT
public:
    /// db may be nullptr (no case open): re-scan is then disabled.
    RulesManagerDialog(casestore::CaseDb *db, bool canScan, QWidget *parent = nullptr);

    void addYaraPath(const QString &path);
    /// Compiles every listed pack off the GUI thread; emits compiled() when all are done.
    void compileAll();
    QStringList enabledYaraPaths() const;
    QTreeWidget *packTree() const { return m_packs; }
    /// One checkable row per built-in analyzer (id, default severity, summary).
    QTreeWidget *analyzerTree() const { return m_analyzers; }
    void addIocItem(const QString &path, bool enabled);
    int totalRules() const { return m_totalRules; }
    int failedFiles() const { return m_failedFiles; }

signals:
    void compiled();
    void rescanRequested(const QStringList &yaraPaths);

private:
    void saveToSettings();
    void showCompileResult(QTreeWidgetItem *pack, const struct PackResult &result);
    void updateSummary();
    void fillRuleSets(casestore::CaseDb *db);

    QTreeWidget *m_packs = nullptr;
    QListWidget *m_ioc = nullptr;
    QTreeWidget *m_ruleSets = nullptr;
    QTreeWidget *m_analyzers = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_rescan = nullptr;
    int m_pending = 0;
    int m_totalRules = 0;
    int m_failedFiles = 0;
    bool m_canScan = false;
};

}  // namespace harrier::ui
