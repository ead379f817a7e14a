#include "ui/widgets/annotation_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "casestore/case_db.h"

namespace harrier::ui {

AnnotationPanel::AnnotationPanel(QWidget *parent) : QWidget(parent) {
    auto *layout = new QVBoxLayout(this);
    m_target = new QLabel(tr("Select an item or event."), this);
    m_target->setWordWrap(true);
    m_target->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_target);
    m_list = new QTreeWidget(this);
    m_list->setHeaderLabels({tr("Kind"), tr("Value"), tr("Analyst"), tr("UTC")});
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setWordWrap(true);
    // The value is what matters; who and when are compact (time to the minute, seconds in the tooltip).
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    m_list->header()->resizeSection(0, m_list->fontMetrics().horizontalAdvance(QStringLiteral("bookmark")) + 14);
    setMinimumWidth(340);
    layout->addWidget(m_list, 1);

    auto *form = new QFormLayout;
    m_tag = new QLineEdit(this);
    m_tag->setPlaceholderText(tr("e.g. phishing, webshell"));
    m_addTag = new QPushButton(tr("Add tag"), this);
    auto *tagRow = new QHBoxLayout;
    tagRow->addWidget(m_tag, 1);
    tagRow->addWidget(m_addTag);
    form->addRow(tr("Tag"), tagRow);
    m_verdict = new QComboBox(this);
    m_verdict->addItems({QStringLiteral("malicious"), QStringLiteral("suspicious"), QStringLiteral("benign")});
    m_setVerdict = new QPushButton(tr("Set verdict"), this);
    auto *verdictRow = new QHBoxLayout;
    verdictRow->addWidget(m_verdict, 1);
    verdictRow->addWidget(m_setVerdict);
    form->addRow(tr("Verdict"), verdictRow);
    m_note = new QPlainTextEdit(this);
    m_note->setPlaceholderText(tr("Note"));
    m_note->setFixedHeight(m_note->fontMetrics().height() * 4 + 12);
    form->addRow(tr("Note"), m_note);
    m_addNote = new QPushButton(tr("Add note"), this);
    m_bookmark = new QPushButton(tr("Bookmark"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_bookmark);
    buttons->addWidget(m_addNote);
    form->addRow(buttons);
    layout->addLayout(form);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    layout->addWidget(m_message);

    connect(m_addTag, &QPushButton::clicked, this, [this] {
        if (add(casestore::AnnotationKind::Tag, m_tag->text().trimmed()))
            m_tag->clear();
    });
    connect(m_tag, &QLineEdit::returnPressed, m_addTag, &QPushButton::click);
    connect(m_setVerdict, &QPushButton::clicked, this,
            [this] { add(casestore::AnnotationKind::Verdict, m_verdict->currentText()); });
    connect(m_addNote, &QPushButton::clicked, this, [this] {
        if (add(casestore::AnnotationKind::Note, m_note->toPlainText().trimmed()))
            m_note->clear();
    });
    connect(m_bookmark, &QPushButton::clicked, this, [this] { add(casestore::AnnotationKind::Bookmark, {}); });
    updateEnabled();
}

void AnnotationPanel::setCase(casestore::CaseDb *reader, casestore::CaseDb *writer) {
    m_reader = reader;
    m_writer = writer;
    m_targetId = 0;
    m_target->setText(tr("Select an item or event."));
    reload();
    updateEnabled();
}

void AnnotationPanel::setWriterBusy(bool busy) {
    m_busy = busy;
    updateEnabled();
}

void AnnotationPanel::setTarget(casestore::TargetKind kind, qint64 id, const QString &label) {
    m_kind = kind;
    m_targetId = id;
    m_target->setText(tr("<b>%1 %2</b><br>%3")
                          .arg(kind == casestore::TargetKind::Object ? tr("Item") : tr("Event"))
                          .arg(id)
                          .arg(label.toHtmlEscaped()));
    m_message->clear();
    reload();
    updateEnabled();
}

void AnnotationPanel::updateEnabled() {
    const bool can = m_writer && m_targetId && !m_busy;
    for (QWidget *w : {static_cast<QWidget *>(m_tag), static_cast<QWidget *>(m_note), static_cast<QWidget *>(m_verdict),
                       static_cast<QWidget *>(m_addTag), static_cast<QWidget *>(m_addNote),
                       static_cast<QWidget *>(m_bookmark), static_cast<QWidget *>(m_setVerdict)})
        w->setEnabled(can);
    if (m_reader && !m_writer)
        m_message->setText(tr("The case is read-only: annotations cannot be added."));
    else if (m_busy)
        m_message->setText(tr("A job is writing to the case; annotations can be added when it ends."));
    else if (m_message->text().startsWith(tr("A job")))
        m_message->clear();
}

bool AnnotationPanel::add(casestore::AnnotationKind kind, const QString &value) {
    if (!m_writer || !m_targetId || m_busy)
        return false;
    if (kind != casestore::AnnotationKind::Bookmark && value.isEmpty())
        return false;
    auto r = casestore::AnnotationStore(*m_writer).add(m_kind, m_targetId, kind, value.toStdString());
    if (!r) {
        m_message->setText(QString::fromStdString(r.error().message));
        return false;
    }
    m_message->setText(tr("Saved %1 by %2.").arg(QString::fromUtf8(casestore::toString(kind)),
                                                 QString::fromStdString(r->analyst)));
    reload();
    emit annotated(m_kind, m_targetId);
    return true;
}

int AnnotationPanel::shownCount() const { return m_list->topLevelItemCount(); }

void AnnotationPanel::reload() {
    m_list->clear();
    if (!m_reader || !m_targetId)
        return;
    auto list = casestore::AnnotationStore(*m_reader).forTarget(m_kind, m_targetId);
    if (!list)
        return;
    for (const auto &a : *list) {
        auto *it = new QTreeWidgetItem(m_list);
        it->setText(0, QString::fromUtf8(casestore::toString(a.kind)));
        it->setText(1, a.kind == casestore::AnnotationKind::Bookmark ? QStringLiteral("\u2605")
                                                                      : QString::fromStdString(a.value));
        it->setToolTip(1, QString::fromStdString(a.value));
        it->setText(2, QString::fromStdString(a.analyst));
        const QString when = QString::fromStdString(a.createdAt.toIso8601()).left(19).replace(QLatin1Char('T'), QLatin1Char(' '));
        it->setText(3, when.left(16));
        it->setToolTip(3, when + QStringLiteral(" UTC"));
        if (a.kind == casestore::AnnotationKind::Verdict && a.value == "malicious")
            it->setForeground(1, QColor(0xc0, 0x32, 0x2b));
    }
}

}  // namespace harrier::ui
