#pragma once
#include <QWidget>

class QListWidget;
class QPushButton;

namespace harrier::ui {

/// Shown when no case is open: new case, open case, recent cases, the demo
/// case when it exists, and a hint that evidence can be dropped here.
class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget *parent = nullptr);
    void refresh();
    QListWidget *recentList() const { return m_recent; }
    QPushButton *demoButton() const { return m_demo; }

signals:
    void newCaseRequested();
    void openCaseRequested();
    void openPathRequested(const QString &path);

private:
    QListWidget *m_recent = nullptr;
    QPushButton *m_demo = nullptr;
};

}  // namespace harrier::ui
