#include "ui/dialogs/about_dialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "base/runtime_versions.h"
#include "harrier/version.h"

namespace harrier::ui {

QList<QPair<QString, QString>> AboutDialog::versionRows() {
    QList<QPair<QString, QString>> rows;
    rows.append({QStringLiteral("Harrier"), QString::fromUtf8(kVersion)});
    rows.append({QStringLiteral("Qt"), QString::fromLatin1(qVersion())});
    for (const auto &[name, version] : runtimeVersions())
        rows.append({QString::fromStdString(name), QString::fromStdString(version)});
    return rows;
}

AboutDialog::AboutDialog(QWidget *parent) : QDialog(parent) {
    setWindowTitle(tr("About Harrier"));
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("<b>Harrier</b> %1").arg(QString::fromUtf8(kVersion)), this);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.3);
    title->setFont(f);
    layout->addWidget(title);
    auto *blurb = new QLabel(tr("Incident-response triage. Evidence is opened read-only; nothing is fetched "
                                "from the network."),
                             this);
    blurb->setWordWrap(true);
    layout->addWidget(blurb);

    const auto rows = versionRows();
    auto *table = new QTableWidget(static_cast<int>(rows.size()), 2, this);
    table->setObjectName(QStringLiteral("versions"));
    table->setHorizontalHeaderLabels({tr("Component"), tr("Version")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->horizontalHeader()->setStretchLastSection(true);
    QString plain;
    for (int r = 0; r < rows.size(); ++r) {
        table->setItem(r, 0, new QTableWidgetItem(rows[r].first));
        table->setItem(r, 1, new QTableWidgetItem(rows[r].second));
        plain += rows[r].first + QLatin1Char(' ') + rows[r].second + QLatin1Char('\n');
    }
    table->resizeColumnToContents(0);
    layout->addWidget(table);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    // Bug reports want these as text, not a screenshot.
    auto *copy = buttons->addButton(tr("Copy versions"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this, [plain] { QApplication::clipboard()->setText(plain); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(420, 300);
}

}  // namespace harrier::ui
