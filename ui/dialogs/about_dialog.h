#pragma once
#include <QDialog>

namespace harrier::ui {

/// Help → About Harrier: Harrier's version, Qt's, and the run-time versions
/// of the libraries that read evidence (SQLite, libyara, libarchive), so a
/// bug report can say exactly what parsed the case.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);
    /// (component, version) rows as shown: Harrier, Qt, then harrier::runtimeVersions().
    static QList<QPair<QString, QString>> versionRows();
};

}  // namespace harrier::ui
