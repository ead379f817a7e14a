#pragma once
#include <QWidget>

#include <functional>

#include "casestore/annotations.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace harrier::ui {

/// Tags, notes, bookmarks and verdicts on the current item or event, with
/// the analyst and time. Written through AnnotationStore on the case's
/// writer connection; read through the views' reader connection.
class AnnotationPanel : public QWidget {
    Q_OBJECT
public:
    explicit AnnotationPanel(QWidget *parent = nullptr);
    /// reader: for listing; writer: nullptr when read-only.
    void setCase(casestore::CaseDb *reader, casestore::CaseDb *writer);
    /// While a job owns the writer connection, adding is disabled.
    void setWriterBusy(bool busy);
    void setTarget(casestore::TargetKind kind, qint64 id, const QString &label);
    qint64 targetId() const { return m_targetId; }
    casestore::TargetKind targetKind() const { return m_kind; }
    /// Adds one annotation to the current target; false (and a message) if it cannot.
    bool add(casestore::AnnotationKind kind, const QString &value);
    int shownCount() const;

signals:
    void annotated(casestore::TargetKind kind, qint64 id);

private:
    void reload();
    void updateEnabled();

    casestore::CaseDb *m_reader = nullptr;
    casestore::CaseDb *m_writer = nullptr;
    bool m_busy = false;
    casestore::TargetKind m_kind = casestore::TargetKind::Object;
    qint64 m_targetId = 0;
    QLabel *m_target = nullptr;
    QLabel *m_message = nullptr;
    QTreeWidget *m_list = nullptr;
    QLineEdit *m_tag = nullptr;
    QPlainTextEdit *m_note = nullptr;
    QComboBox *m_verdict = nullptr;
    QPushButton *m_addTag = nullptr;
    QPushButton *m_addNote = nullptr;
    QPushButton *m_bookmark = nullptr;
    QPushButton *m_setVerdict = nullptr;
};

}  // namespace harrier::ui
