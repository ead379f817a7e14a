#include "ui/views/hits_view.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "casestore/case_db.h"
#include "casestore/object_query.h"
#include "ui/models/hits_model.h"

namespace harrier::ui {

void HitsView::showObjectHits(qint64 objectId, const QString &label) {
    m_itemChip->setText(tr("Item: %1  \u2715").arg(label.isEmpty() ? tr("item %1").arg(objectId) : label));
    m_itemChip->setVisible(objectId != 0);
    m_model->setObjectFilter(objectId);
}

HitsView::HitsView(casestore::CaseDb &db, QWidget *parent) : QWidget(parent), m_db(db) {
    m_model = new HitsModel(db, this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto *bar = new QHBoxLayout();
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter by rule, item or explanation\u2026"));
    m_filter->setClearButtonEnabled(true);
    m_severity = new QComboBox(this);
    m_severity->addItem(tr("Any severity"), 0);
    for (int s : {25, 50, 75})
        m_severity->addItem(tr("Severity \u2265 %1").arg(s), s);
    m_count = new QLabel(this);
    m_openItem = new QPushButton(tr("Open item"), this);
    m_showInTimeline = new QPushButton(tr("Show in timeline"), this);
    m_itemChip = new QPushButton(this);
    m_itemChip->setToolTip(tr("Only the hits on this item; click to show every item's hits"));
    m_itemChip->setVisible(false);
    connect(m_itemChip, &QPushButton::clicked, this, [this] { showObjectHits(0, {}); });
    bar->addWidget(m_itemChip);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_severity);
    bar->addWidget(m_count);
    bar->addStretch();
    bar->addWidget(m_openItem);
    bar->addWidget(m_showInTimeline);
    layout->addLayout(bar);

    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(HitsModel::Severity, Qt::DescendingOrder);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);  // the explanation takes what is left
    const QFontMetrics fm = m_table->fontMetrics();
    auto w = [&fm](const char *s) { return fm.horizontalAdvance(QString::fromUtf8(s)) + 24; };
    m_table->setColumnWidth(HitsModel::Severity, w("Sev.  "));
    m_table->setColumnWidth(HitsModel::Rule, w("ioc:feed:evil.example.com"));
    m_table->setColumnWidth(HitsModel::RuleSet, w("analyzer:tracking"));
    m_table->setColumnWidth(HitsModel::Item, w("mail/inbox.mbox/12/invoice.docm"));
    m_table->setColumnWidth(HitsModel::Explanation, w("Explanation"));
    m_table->setColumnWidth(HitsModel::Strings, w("$s1 \u00d73, $s2, $s3"));
    m_table->setColumnWidth(HitsModel::Created, w("2024-03-25 10:15:00.000"));

    auto *details = new QWidget(this);
    auto *dl = new QVBoxLayout(details);
    dl->setContentsMargins(0, 0, 0, 0);
    m_explanation = new QLabel(details);
    m_explanation->setWordWrap(true);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_strings = new QTableWidget(0, 4, details);
    m_strings->setHorizontalHeaderLabels({tr("String"), tr("Offset"), tr("Matched"), tr("Context")});
    m_strings->verticalHeader()->hide();
    m_strings->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_strings->setWordWrap(false);
    m_strings->horizontalHeader()->setStretchLastSection(true);
    m_strings->setColumnWidth(0, w("$string_1"));
    m_strings->setColumnWidth(1, w("0x00000000"));
    m_strings->setColumnWidth(2, w("x") * 24);
    // Matched bytes are shown escaped; a fixed-width font keeps offsets and hex escapes aligned.
    m_strings->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    dl->addWidget(m_explanation);
    dl->addWidget(m_strings, 1);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);

    connect(m_filter, &QLineEdit::textChanged, this,
            [this] { m_model->setFilter(m_filter->text(), m_severity->currentData().toInt()); });
    connect(m_severity, &QComboBox::currentIndexChanged, this,
            [this] { m_model->setFilter(m_filter->text(), m_severity->currentData().toInt()); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_count->setText(tr("%L1 of %L2 hits").arg(m_model->rowCount()).arg(m_model->totalHits()));
        showDetails();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &HitsView::showDetails);
    connect(m_openItem, &QPushButton::clicked, this, [this] {
        if (const auto *r = m_model->rowAt(currentRow()); r && r->hit.objectId)
            emit objectActivated(r->hit.objectId);
    });
    connect(m_showInTimeline, &QPushButton::clicked, this, [this] {
        if (const qint64 ev = timelineEventFor(currentRow()))
            emit eventActivated(ev);
    });
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        if (const auto *r = m_model->rowAt(index.row()); r && r->hit.objectId)
            emit objectActivated(r->hit.objectId);
    });
    refresh();
}

void HitsView::refresh() { m_model->refresh(); }

int HitsView::currentRow() const {
    const QModelIndex i = m_table->currentIndex();
    return i.isValid() ? i.row() : -1;
}

qint64 HitsView::timelineEventFor(int modelRow) const {
    const auto *r = m_model->rowAt(modelRow);
    if (!r)
        return 0;
    if (r->hit.eventId)
        return r->hit.eventId;
    if (!r->hit.objectId)
        return 0;
    auto events = casestore::ObjectQuery(m_db).events(r->hit.objectId);
    return events && !events->empty() ? events->front().id : 0;
}

void HitsView::showDetails() {
    const auto *r = m_model->rowAt(currentRow());
    m_openItem->setEnabled(r && r->hit.objectId);
    m_showInTimeline->setEnabled(r != nullptr);
    m_strings->setRowCount(0);
    if (!r) {
        m_explanation->setText(tr("Select a hit to see its matched strings."));
        return;
    }
    m_explanation->setText(tr("<b>%1</b> (%2, severity %3) on <i>%4</i><br>%5")
                               .arg(QString::fromStdString(r->hit.ruleId).toHtmlEscaped(),
                                    QString::fromStdString(r->hit.ruleSet).toHtmlEscaped())
                               .arg(r->hit.severity)
                               .arg(r->item.toHtmlEscaped(), QString::fromStdString(r->hit.explanation).toHtmlEscaped()));
    m_strings->setRowCount(static_cast<int>(r->strings.size()));
    for (int i = 0; i < static_cast<int>(r->strings.size()); ++i) {
        const auto &s = r->strings[static_cast<std::size_t>(i)];
        m_strings->setItem(i, 0, new QTableWidgetItem(s.id));
        auto *off = new QTableWidgetItem(QStringLiteral("0x%1").arg(s.offset, 8, 16, QLatin1Char('0')));
        off->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_strings->setItem(i, 1, off);
        m_strings->setItem(i, 2, new QTableWidgetItem(s.data));
        auto *ctx = new QTableWidgetItem(s.context);
        ctx->setToolTip(s.context);
        m_strings->setItem(i, 3, ctx);
    }
}

}  // namespace harrier::ui
