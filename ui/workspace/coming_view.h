#pragma once
#include <QWidget>

class QLabel;

namespace harrier::ui {

/// Stands in for a view that is still being built on another branch
/// (gui-views): says so, and shows what the workspace asked it to show,
/// so routing is visible and testable before the view lands.
class ComingView : public QWidget {
    Q_OBJECT
public:
    ComingView(const QString &name, const QString &purpose, QWidget *parent = nullptr);
    void showRequest(const QString &request);
    const QString &lastRequest() const { return m_last; }

private:
    QLabel *m_request = nullptr;
    QString m_last;
};

}  // namespace harrier::ui
