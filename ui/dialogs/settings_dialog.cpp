#include "ui/dialogs/settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/workspace/app_settings.h"

namespace harrier::ui {

SettingsDialog::SettingsDialog(QWidget *parent) : QDialog(parent) {
    setWindowTitle(tr("Settings"));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_analyst = new QLineEdit(AppSettings::analyst(), this);
    m_analyst->setToolTip(tr("Recorded on every annotation, ingest and scan"));
    form->addRow(tr("Analyst name"), m_analyst);

    m_rulePacks = new QListWidget(this);
    m_rulePacks->addItems(AppSettings::ruleFolders());
    m_rulePacks->setMinimumHeight(90);
    auto *addFolder = new QPushButton(tr("Add folder\u2026"), this);
    auto *remove = new QPushButton(tr("Remove"), this);
    connect(addFolder, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("YARA rule folder"));
        if (!d.isEmpty())
            m_rulePacks->addItem(d);
    });
    connect(remove, &QPushButton::clicked, this, [this] { delete m_rulePacks->currentItem(); });
    auto *packButtons = new QVBoxLayout;
    packButtons->addWidget(addFolder);
    packButtons->addWidget(remove);
    packButtons->addStretch(1);
    auto *packRow = new QHBoxLayout;
    packRow->addWidget(m_rulePacks, 1);
    packRow->addLayout(packButtons);
    form->addRow(tr("Default YARA packs"), packRow);

    m_threads = new QSpinBox(this);
    m_threads->setRange(1, 256);
    m_threads->setValue(AppSettings::threads());
    m_threads->setToolTip(tr("Worker threads for scans"));
    form->addRow(tr("Threads"), m_threads);

    m_domains = new QPlainTextEdit(AppSettings::protectedDomains().join(QLatin1Char('\n')), this);
    m_domains->setPlaceholderText(tr("One domain per line, e.g. parliament.example"));
    m_domains->setToolTip(tr("Sender domains that look like these are flagged as look-alikes"));
    m_domains->setMinimumHeight(80);
    form->addRow(tr("Protected domains"), m_domains);

    m_theme = new QComboBox(this);
    m_theme->addItems({tr("System"), tr("Light"), tr("Dark")});
    m_theme->setCurrentIndex(static_cast<int>(AppSettings::theme()));
    form->addRow(tr("Palette"), m_theme);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(560, 420);
}

void SettingsDialog::accept() {
    AppSettings::setAnalyst(m_analyst->text());
    QStringList packs;
    for (int i = 0; i < m_rulePacks->count(); ++i)
        packs << m_rulePacks->item(i)->text();
    AppSettings::setRuleFolders(packs);
    AppSettings::setThreads(m_threads->value());
    QStringList domains;
    for (const auto &line : m_domains->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        if (!line.trimmed().isEmpty())
            domains << line.trimmed().toLower();
    AppSettings::setProtectedDomains(domains);
    const auto theme = static_cast<Theme>(m_theme->currentIndex());
    AppSettings::setTheme(theme);
    applyTheme(theme);
    QDialog::accept();
}

}  // namespace harrier::ui
