#include "ui/dialogs/add_evidence_dialog.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace harrier::ui {

AddEvidenceDialog::AddEvidenceDialog(const QStringList &paths, QWidget *parent) : QDialog(parent) {
    setWindowTitle(tr("Add evidence"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Evidence is read, never modified. It will be added to the case:"), this));
    m_paths = new QListWidget(this);
    m_paths->addItems(paths);
    m_paths->setMinimumHeight(80);
    layout->addWidget(m_paths);
    auto *form = new QFormLayout;
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("optional; \"infected\" is always tried"));
    form->addRow(tr("Archive password"), m_password);
    m_host = new QLineEdit(this);
    m_host->setPlaceholderText(tr("optional; collections name their host themselves"));
    form->addRow(tr("Host"), m_host);
    layout->addLayout(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Ingest"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(520, 280);
}

QStringList AddEvidenceDialog::paths() const {
    QStringList out;
    for (int i = 0; i < m_paths->count(); ++i)
        out << m_paths->item(i)->text();
    return out;
}

QStringList AddEvidenceDialog::passwords() const {
    return m_password->text().isEmpty() ? QStringList() : QStringList{m_password->text()};
}

QString AddEvidenceDialog::host() const { return m_host->text().trimmed(); }

}  // namespace harrier::ui
