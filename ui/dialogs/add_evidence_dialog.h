#pragma once
#include <QDialog>

class QLineEdit;
class QListWidget;

namespace harrier::ui {

/// Confirms what a drop or File → Add evidence will ingest, with optional
/// archive passwords (tried before "infected") and a host name.
class AddEvidenceDialog : public QDialog {
    Q_OBJECT
public:
    AddEvidenceDialog(const QStringList &paths, QWidget *parent = nullptr);
    QStringList paths() const;
    QStringList passwords() const;
    QString host() const;

private:
    QListWidget *m_paths = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_host = nullptr;
};

}  // namespace harrier::ui
