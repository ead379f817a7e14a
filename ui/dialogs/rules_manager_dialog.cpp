#include "ui/dialogs/rules_manager_dialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QThreadPool>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "casestore/hit_store.h"
#include "rules/analyzers/analyzer_registry.h"
#include "rules/yara/rule_loader.h"
#include "ui/workspace/app_settings.h"

namespace harrier::ui {

struct PackResult {
    bool ok = false;
    QString error;
    rules::yara::RulePackReport report;
};

namespace {
enum PackColumn { ColPath, ColFiles, ColRules, ColStatus };
}

RulesManagerDialog::RulesManagerDialog(casestore::CaseDb *db, bool canScan, QWidget *parent)
    : QDialog(parent), m_canScan(canScan) {
    setWindowTitle(tr("Rules manager"));
    auto *layout = new QVBoxLayout(this);

    auto *yaraBox = new QGroupBox(tr("YARA rule packs (checked packs are used by Re-scan)"), this);
    auto *yl = new QVBoxLayout(yaraBox);
    m_packs = new QTreeWidget(yaraBox);
    m_packs->setHeaderLabels({tr("Pack / file"), tr("Files"), tr("Rules"), tr("Status")});
    m_packs->header()->setStretchLastSection(true);
    m_packs->header()->resizeSection(ColPath, 380);
    m_packs->header()->resizeSection(ColFiles, 70);
    m_packs->header()->resizeSection(ColRules, 70);
    m_packs->setAlternatingRowColors(true);
    yl->addWidget(m_packs);
    auto *yb = new QHBoxLayout;
    auto *addFolder = new QPushButton(tr("Add folder\u2026"), yaraBox);
    auto *addFile = new QPushButton(tr("Add file\u2026"), yaraBox);
    auto *remove = new QPushButton(tr("Remove"), yaraBox);
    auto *compile = new QPushButton(tr("Compile"), yaraBox);
    yb->addWidget(addFolder);
    yb->addWidget(addFile);
    yb->addWidget(remove);
    yb->addStretch(1);
    yb->addWidget(compile);
    yl->addLayout(yb);
    layout->addWidget(yaraBox, 5);

    auto *lower = new QHBoxLayout;
    auto *iocBox = new QGroupBox(tr("IOC files"), this);
    auto *il = new QVBoxLayout(iocBox);
    m_ioc = new QListWidget(iocBox);
    {
        const QStringList disabledIoc = AppSettings::disabledIocFiles();
        for (const auto &f : AppSettings::iocFiles())
            addIocItem(f, !disabledIoc.contains(f));
    }
    il->addWidget(m_ioc);
    auto *iocNote = new QLabel(tr("Checked files are matched by Re-scan (hashes, names, domains, IPs, URLs, "
                                  "e-mail addresses, literals)."),
                               iocBox);
    iocNote->setWordWrap(true);
    il->addWidget(iocNote);
    auto *addIoc = new QPushButton(tr("Add IOC file\u2026"), iocBox);
    il->addWidget(addIoc, 0, Qt::AlignLeft);
    lower->addWidget(iocBox, 1);
    auto *anBox = new QGroupBox(tr("Built-in analyzers (checked ones run on Re-scan)"), this);
    auto *al = new QVBoxLayout(anBox);
    m_analyzers = new QTreeWidget(anBox);
    m_analyzers->setHeaderLabels({tr("Analyzer"), tr("Severity"), tr("What")});
    m_analyzers->setRootIsDecorated(false);
    m_analyzers->header()->resizeSection(0, 280);
    m_analyzers->header()->resizeSection(1, 60);
    m_analyzers->setMinimumHeight(m_analyzers->fontMetrics().height() * 14);
    {
        const QStringList off = AppSettings::disabledAnalyzers();
        for (const auto &info : rules::analyzers::analyzerInfos()) {
            auto *it = new QTreeWidgetItem(m_analyzers);
            const QString id = QString::fromStdString(info.id);
            it->setText(0, id);
            it->setText(1, QString::number(info.severity));
            it->setText(2, QString::fromStdString(info.summary));
            it->setToolTip(2, QString::fromStdString(info.summary));
            it->setFlags(it->flags() | Qt::ItemIsUserCheckable);
            it->setCheckState(0, off.contains(id) ? Qt::Unchecked : Qt::Checked);
        }
    }
    al->addWidget(m_analyzers);
    const QStringList domains = AppSettings::protectedDomains();
    auto *anNote = new QLabel(domains.isEmpty()
                                  ? tr("No protected domains in Settings: look-alike detection only flags "
                                       "mixed-script punycode.")
                                  : tr("Protected domains (Settings): %1").arg(domains.join(QStringLiteral(", "))),
                              anBox);
    anNote->setWordWrap(true);
    al->addWidget(anNote);
    layout->addWidget(anBox, 0);  // sized to its ten rows; the YARA tree takes the spare height
    auto *setsBox = new QGroupBox(tr("Rule sets and analyzers with hits in this case"), this);
    auto *sl = new QVBoxLayout(setsBox);
    m_ruleSets = new QTreeWidget(setsBox);
    m_ruleSets->setHeaderLabels({tr("Rule set"), tr("Version"), tr("Hits"), tr("Last run (UTC)")});
    m_ruleSets->setRootIsDecorated(false);
    sl->addWidget(m_ruleSets);
    lower->addWidget(setsBox, 1);
    // A few rows each; the YARA tree, with its per-file errors, needs the height.
    m_ioc->setMaximumHeight(m_ioc->fontMetrics().height() * 8);
    m_ruleSets->setMaximumHeight(m_ruleSets->fontMetrics().height() * 8);
    layout->addLayout(lower, 1);

    m_summary = new QLabel(this);
    layout->addWidget(m_summary);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_rescan = buttons->addButton(tr("Re-scan case"), QDialogButtonBox::ActionRole);
    m_rescan->setEnabled(canScan);
    if (!canScan)
        m_rescan->setToolTip(tr("Needs a case open for writing and no running job"));
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(addFolder, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("YARA rule folder"));
        if (!d.isEmpty()) {
            addYaraPath(d);
            compileAll();
        }
    });
    connect(addFile, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("YARA rule file"), {}, tr("YARA rules (*.yar *.yara)"));
        if (!f.isEmpty()) {
            addYaraPath(f);
            compileAll();
        }
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        QTreeWidgetItem *it = m_packs->currentItem();
        while (it && it->parent())
            it = it->parent();
        delete it;
        saveToSettings();
        updateSummary();
    });
    connect(compile, &QPushButton::clicked, this, &RulesManagerDialog::compileAll);
    connect(addIoc, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("IOC file"));
        if (!f.isEmpty()) {
            addIocItem(f, true);
            saveToSettings();
        }
    });
    connect(m_packs, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *it, int col) {
        if (!it->parent() && col == ColPath)
            saveToSettings();
    });
    connect(m_ioc, &QListWidget::itemChanged, this, [this] { saveToSettings(); });
    connect(m_analyzers, &QTreeWidget::itemChanged, this, [this] { saveToSettings(); });
    connect(m_rescan, &QPushButton::clicked, this, [this] {
        saveToSettings();
        emit rescanRequested(enabledYaraPaths());
        accept();
    });

    const QStringList disabled = AppSettings::disabledRulePacks();
    for (const auto &p : AppSettings::ruleFolders()) {
        addYaraPath(p);
        if (disabled.contains(p))
            m_packs->topLevelItem(m_packs->topLevelItemCount() - 1)->setCheckState(ColPath, Qt::Unchecked);
    }
    fillRuleSets(db);
    updateSummary();
    resize(980, 760);
    if (m_packs->topLevelItemCount())
        compileAll();
}

void RulesManagerDialog::addYaraPath(const QString &path) {
    for (int i = 0; i < m_packs->topLevelItemCount(); ++i)
        if (m_packs->topLevelItem(i)->text(ColPath) == path)
            return;
    QSignalBlocker block(m_packs);
    auto *it = new QTreeWidgetItem(m_packs);
    it->setText(ColPath, path);
    it->setToolTip(ColPath, path);
    it->setFlags(it->flags() | Qt::ItemIsUserCheckable);
    it->setCheckState(ColPath, Qt::Checked);
    it->setText(ColStatus, tr("not compiled"));
    block.unblock();
    saveToSettings();
}

void RulesManagerDialog::addIocItem(const QString &path, bool enabled) {
    for (int i = 0; i < m_ioc->count(); ++i)
        if (m_ioc->item(i)->text() == path)
            return;
    QSignalBlocker block(m_ioc);
    auto *it = new QListWidgetItem(path, m_ioc);
    it->setToolTip(path);
    it->setFlags(it->flags() | Qt::ItemIsUserCheckable);
    it->setCheckState(enabled ? Qt::Checked : Qt::Unchecked);
}

QStringList RulesManagerDialog::enabledYaraPaths() const {
    QStringList out;
    for (int i = 0; i < m_packs->topLevelItemCount(); ++i)
        if (m_packs->topLevelItem(i)->checkState(ColPath) == Qt::Checked)
            out << m_packs->topLevelItem(i)->text(ColPath);
    return out;
}

void RulesManagerDialog::saveToSettings() {
    QStringList all, disabled;
    for (int i = 0; i < m_packs->topLevelItemCount(); ++i) {
        const auto *it = m_packs->topLevelItem(i);
        all << it->text(ColPath);
        if (it->checkState(ColPath) != Qt::Checked)
            disabled << it->text(ColPath);
    }
    AppSettings::setRuleFolders(all);
    AppSettings::setDisabledRulePacks(disabled);
    QStringList ioc, iocOff;
    for (int i = 0; i < m_ioc->count(); ++i) {
        ioc << m_ioc->item(i)->text();
        if (m_ioc->item(i)->checkState() != Qt::Checked)
            iocOff << m_ioc->item(i)->text();
    }
    AppSettings::setIocFiles(ioc);
    AppSettings::setDisabledIocFiles(iocOff);
    QStringList analyzersOff;
    for (int i = 0; i < m_analyzers->topLevelItemCount(); ++i)
        if (m_analyzers->topLevelItem(i)->checkState(0) != Qt::Checked)
            analyzersOff << m_analyzers->topLevelItem(i)->text(0);
    AppSettings::setDisabledAnalyzers(analyzersOff);
}

void RulesManagerDialog::compileAll() {
    const int n = m_packs->topLevelItemCount();
    if (n == 0) {
        emit compiled();
        return;
    }
    m_pending = n;
    for (int i = 0; i < n; ++i) {
        QTreeWidgetItem *pack = m_packs->topLevelItem(i);
        pack->setText(ColStatus, tr("compiling\u2026"));
        const std::string path = pack->text(ColPath).toStdString();
        QPointer<RulesManagerDialog> self(this);
        // Compiling a large pack takes seconds: never on the GUI thread.
        QThreadPool::globalInstance()->start([self, pack, path] {
            PackResult r;
            auto loaded = rules::yara::RuleLoader::load({path});
            if (loaded) {
                r.ok = true;
                r.report = std::move(loaded->report);
            } else {
                r.error = QString::fromStdString(loaded.error().message);
            }
            QMetaObject::invokeMethod(
                self, [self, pack, r] {
                    if (!self)
                        return;
                    self->showCompileResult(pack, r);
                    if (--self->m_pending == 0) {
                        self->updateSummary();
                        emit self->compiled();
                    }
                },
                Qt::QueuedConnection);
        });
    }
}

void RulesManagerDialog::showCompileResult(QTreeWidgetItem *pack, const PackResult &r) {
    // The pack item may have been removed meanwhile.
    if (m_packs->indexOfTopLevelItem(pack) < 0)
        return;
    QSignalBlocker block(m_packs);
    qDeleteAll(pack->takeChildren());
    if (!r.ok) {
        pack->setText(ColStatus, r.error);
        pack->setForeground(ColStatus, QColor(0xc0, 0x32, 0x2b));
        pack->setData(ColRules, Qt::UserRole, 0);
        pack->setData(ColFiles, Qt::UserRole, 0);
        return;
    }
    const auto &rep = r.report;
    pack->setText(ColFiles, QString::number(rep.files.size()));
    pack->setText(ColRules, QString::number(rep.rules));
    pack->setData(ColRules, Qt::UserRole, static_cast<int>(rep.rules));
    pack->setData(ColFiles, Qt::UserRole, static_cast<int>(rep.filesFailed));
    pack->setText(ColStatus, rep.filesFailed ? tr("%1 of %2 files failed to compile").arg(rep.filesFailed).arg(rep.files.size())
                                             : tr("compiled%1").arg(rep.fromCache ? tr(" (from cache)") : QString()));
    pack->setForeground(ColStatus, rep.filesFailed ? QColor(0xc0, 0x32, 0x2b) : palette().color(QPalette::Text));
    for (const auto &f : rep.files) {
        auto *fi = new QTreeWidgetItem(pack);
        fi->setText(ColPath, QString::fromStdString(f.ns.empty() ? f.path : f.ns));
        fi->setToolTip(ColPath, QString::fromStdString(f.path));
        fi->setText(ColStatus, f.ok ? (f.warnings.empty() ? tr("ok") : tr("ok, %n warning(s)", nullptr, static_cast<int>(f.warnings.size())))
                                    : tr("failed"));
        if (!f.ok)
            fi->setForeground(ColStatus, QColor(0xc0, 0x32, 0x2b));
        for (const auto &e : f.errors) {
            auto *ei = new QTreeWidgetItem(fi);
            ei->setText(ColPath, tr("line %1").arg(e.line));
            ei->setText(ColStatus, QString::fromStdString(e.message));
            ei->setToolTip(ColStatus, QString::fromStdString(e.file));
            ei->setForeground(ColStatus, QColor(0xc0, 0x32, 0x2b));
        }
        for (const auto &w : f.warnings) {
            auto *wi = new QTreeWidgetItem(fi);
            wi->setText(ColPath, tr("line %1").arg(w.line));
            wi->setText(ColStatus, tr("warning: %1").arg(QString::fromStdString(w.message)));
        }
        if (!f.ok)
            fi->setExpanded(true);
    }
    if (rep.filesFailed)
        pack->setExpanded(true);
}

void RulesManagerDialog::updateSummary() {
    m_totalRules = 0;
    m_failedFiles = 0;
    int enabled = 0;
    for (int i = 0; i < m_packs->topLevelItemCount(); ++i) {
        const auto *it = m_packs->topLevelItem(i);
        m_totalRules += it->data(ColRules, Qt::UserRole).toInt();
        m_failedFiles += it->data(ColFiles, Qt::UserRole).toInt();
        enabled += it->checkState(ColPath) == Qt::Checked;
    }
    m_summary->setText(tr("%1 pack(s), %2 enabled \u00b7 %3 rules compiled \u00b7 %4 file(s) with compile errors")
                           .arg(m_packs->topLevelItemCount())
                           .arg(enabled)
                           .arg(m_totalRules)
                           .arg(m_failedFiles));
}

void RulesManagerDialog::fillRuleSets(casestore::CaseDb *db) {
    m_ruleSets->clear();
    if (!db)
        return;
    auto versions = casestore::HitStore(*db).versions();
    if (!versions)
        return;
    for (const auto &v : *versions) {
        auto *it = new QTreeWidgetItem(m_ruleSets);
        it->setText(0, QString::fromStdString(v.ruleSet) + (v.latest ? QString() : tr(" (older)")));
        it->setText(1, QString::fromStdString(v.ruleSetHash).left(12));
        it->setToolTip(1, QString::fromStdString(v.ruleSetHash));
        it->setText(2, QString::number(v.hits));
        it->setText(3, QString::fromStdString(v.lastRun.toIso8601()).left(19));
    }
    if (versions->empty()) {
        auto *it = new QTreeWidgetItem(m_ruleSets);
        it->setText(0, tr("No hits yet: Re-scan runs the checked packs, IOC files and analyzers."));
        it->setFirstColumnSpanned(true);
    }
}

}  // namespace harrier::ui
