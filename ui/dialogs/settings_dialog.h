#pragma once
#include <QDialog>

class QComboBox;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QSpinBox;

namespace harrier::ui {

/// Analyst name, default rule packs, thread count, protected domains
/// (for look-alike detection), theme. Saved to QSettings on accept.
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget *parent = nullptr);
    void accept() override;

private:
    QLineEdit *m_analyst = nullptr;
    QListWidget *m_rulePacks = nullptr;
    QSpinBox *m_threads = nullptr;
    QPlainTextEdit *m_domains = nullptr;
    QComboBox *m_theme = nullptr;
};

}  // namespace harrier::ui
