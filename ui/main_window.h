#pragma once
#include <QMainWindow>

#include <memory>

#include "casestore/case_db.h"

class QLabel;
class QTableView;

namespace harrier::ui {

class SourceTableModel;

/// The case workspace. For now: case summary and evidence sources.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens read-only when the case is locked by another process or not writable.
    bool openCase(const QString &path);
    const SourceTableModel *sourceModel() const { return m_sources; }

private:
    void refresh();
    void chooseCase();

    std::unique_ptr<casestore::CaseDb> m_case;
    QLabel *m_summary = nullptr;
    QTableView *m_sourceView = nullptr;
    SourceTableModel *m_sources = nullptr;
    QLabel *m_statusPath = nullptr;
};

}  // namespace harrier::ui
