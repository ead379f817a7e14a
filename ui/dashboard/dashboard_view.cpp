#include "ui/dashboard/dashboard_view.h"

#include <QFontMetrics>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

#include "casestore/case_db.h"
#include "casestore/case_overview.h"
#include "casestore/case_reader.h"
#include "casestore/event_query.h"
#include "ui/dashboard/activity_histogram.h"
#include "ui/dashboard/source_table_model.h"
#include "ui/jobs/progress_panel.h"
#include "ui/widgets/record_table.h"
#include "ui/widgets/severity_colors.h"

namespace harrier::ui {

namespace {

QTableWidget *makeTable(const QStringList &headers, QWidget *parent) {
    auto *t = makeRecordTable(headers, parent);
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 8);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    // One line per row: with word wrap on, "rules/webshell.yar:php_eval_webshell"
    // broke at the slash and showed as "rules/…". Rule ids are path:name, so
    // the middle is the part to drop; the tooltip has the whole id.
    t->setTextElideMode(Qt::ElideMiddle);
    t->horizontalHeader()->setStretchLastSection(false);
    t->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    t->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return t;
}

QTableWidgetItem *numberItem(quint64 v) {
    auto *it = new QTableWidgetItem;
    it->setData(Qt::DisplayRole, QVariant::fromValue<qulonglong>(v));
    it->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return it;
}

QGroupBox *group(const QString &title, QWidget *content, QWidget *parent) {
    auto *g = new QGroupBox(title, parent);
    auto *l = new QVBoxLayout(g);
    l->setContentsMargins(6, 6, 6, 6);
    l->addWidget(content);
    return g;
}

}  // namespace

DashboardView::DashboardView(casestore::CaseDb &db, QWidget *parent) : QWidget(parent), m_db(db) {
    auto *outer = new QVBoxLayout(this);
    m_header = new QLabel(this);
    m_header->setTextFormat(Qt::RichText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setWordWrap(true);
    outer->addWidget(m_header);

    m_sources = new SourceTableModel(this);
    m_sourceView = new QTableView(this);
    m_sourceView->setModel(m_sources);
    m_sourceView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_sourceView->verticalHeader()->hide();
    m_sourceView->horizontalHeader()->setStretchLastSection(true);
    m_sourceView->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_sourceView->setAlternatingRowColors(true);
    m_sourceView->setWordWrap(false);
    m_sourceView->verticalHeader()->setDefaultSectionSize(m_sourceView->fontMetrics().height() + 8);
    connect(m_sourceView, &QTableView::doubleClicked, this, [this](const QModelIndex &idx) {
        emit sourceActivated(m_sources->sourceId(idx.row()));
    });

    auto *middle = new QWidget(this);
    auto *mid = new QHBoxLayout(middle);
    mid->setContentsMargins(0, 0, 0, 0);
    mid->addWidget(group(tr("Hits by severity"), buildSeverityTiles(), middle));
    m_topRules = makeTable({tr("Rule / analyzer"), tr("Set"), tr("Hits"), tr("Items"), tr("Max")}, middle);
    m_topRules->setToolTip(tr("Click a rule to list the items it hit"));
    connect(m_topRules, &QTableWidget::currentCellChanged, this, [this](int row, int, int, int) { showRuleItems(row); });
    // Rule ids are long (pack path:rule name), item names short: the rules get the room.
    mid->addWidget(group(tr("Top rules and analyzers"), m_topRules, middle), 4);
    auto *itemsBox = new QWidget(middle);
    auto *itemsLayout = new QVBoxLayout(itemsBox);
    itemsLayout->setContentsMargins(0, 0, 0, 0);
    m_ruleItemsTitle = new QLabel(tr("Select a rule to list its items."), itemsBox);
    m_ruleItems = makeTable({tr("Item"), tr("Kind"), tr("Max")}, itemsBox);
    m_ruleItems->setToolTip(tr("Double-click to open the item"));
    connect(m_ruleItems, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        emit objectActivated(m_ruleItems->item(row, 0)->data(Qt::UserRole).toLongLong());
    });
    connect(m_ruleItems, &QTableWidget::currentCellChanged, this, [this](int row, int, int, int) {
        if (row >= 0)
            emit objectSelected(m_ruleItems->item(row, 0)->data(Qt::UserRole).toLongLong());
    });
    itemsLayout->addWidget(m_ruleItemsTitle);
    itemsLayout->addWidget(m_ruleItems);
    mid->addWidget(group(tr("Items hit"), itemsBox, middle), 2);

    m_histogram = new ActivityHistogram(this);
    connect(m_histogram, &ActivityHistogram::rangeSelected, this, &DashboardView::timeRangeSelected);
    auto *histBox = new QWidget(this);
    auto *hl = new QVBoxLayout(histBox);
    hl->setContentsMargins(0, 0, 0, 0);
    auto *legend = new QLabel(tr("<span style='color:#4a7fb5'>\u25a0</span> events &nbsp; "
                                 "<span style='color:#d0453a'>\u25a0</span> events on items with hits &nbsp; "
                                 "\u2014 drag across bars to filter the timeline"),
                              histBox);
    hl->addWidget(legend);
    hl->addWidget(m_histogram, 1);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(group(tr("Evidence sources"), m_sourceView, split));
    split->addWidget(middle);
    split->addWidget(group(tr("Activity over time"), histBox, split));
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 2);
    split->setChildrenCollapsible(false);
    outer->addWidget(split, 1);
    refresh();
}

QWidget *DashboardView::buildSeverityTiles() {
    auto *w = new QWidget(this);
    auto *grid = new QGridLayout(w);
    grid->setContentsMargins(0, 0, 0, 0);
    // Most severe first, two to a row; the last row pairs Info with the button.
    int pos = 0;
    for (const SeverityBand band : kSeverityBands) {
        auto *tile = new QLabel(w);
        tile->setAlignment(Qt::AlignCenter);
        tile->setMinimumSize(104, 52);
        tile->setTextFormat(Qt::RichText);
        tile->setStyleSheet(QStringLiteral("QLabel { background: %1; color: white; border-radius: 4px; padding: 4px; }")
                                .arg(bandColor(band).name()));
        m_tiles.append(tile);
        grid->addWidget(tile, pos / 2, pos % 2);
        ++pos;
    }
    auto *open = new QPushButton(tr("Open hits\u2026"), w);
    connect(open, &QPushButton::clicked, this, &DashboardView::hitsRequested);
    grid->addWidget(open, pos / 2, pos % 2);
    grid->setRowStretch(pos / 2 + 1, 1);
    return w;
}

void DashboardView::refresh() {
    casestore::CaseReader reader(m_db);
    const auto &info = m_db.info();
    if (auto stats = reader.stats()) {
        QString span;
        if (stats->firstEvent && stats->lastEvent)
            span = tr(" &nbsp;\u00b7&nbsp; %1 \u2192 %2 UTC")
                       .arg(QString::fromStdString(stats->firstEvent->toIso8601()).left(19).replace(QLatin1Char('T'), QLatin1Char(' ')),
                            QString::fromStdString(stats->lastEvent->toIso8601()).left(19).replace(QLatin1Char('T'), QLatin1Char(' ')));
        m_header->setText(tr("<span style='font-size:15pt; font-weight:600'>%1</span><br>"
                             "Created %2 by %3 &nbsp;\u00b7&nbsp; %L4 objects &nbsp;\u00b7&nbsp; %L5 events"
                             " &nbsp;\u00b7&nbsp; %L6 ingest errors &nbsp;\u00b7&nbsp; %L7 hits &nbsp;\u00b7&nbsp; "
                             "%8 stored%9")
                              .arg(QString::fromStdString(info.name).toHtmlEscaped(),
                                   QString::fromStdString(info.createdAt.toIso8601()).left(19).replace(QLatin1Char('T'), QLatin1Char(' ')),
                                   QString::fromStdString(info.createdBy).toHtmlEscaped())
                              .arg(stats->objects)
                              .arg(stats->events)
                              .arg(stats->ingestErrors)
                              .arg(stats->hits)
                              .arg(humanBytes(stats->blobBytesStored), span));
    }
    if (auto sources = reader.sources())
        m_sources->setSources(std::move(*sources));
    m_sourceView->resizeColumnsToContents();
    // SHA-256 is long and last-but-few: keep it readable without crowding the counts.
    m_sourceView->setColumnWidth(SourceTableModel::Sha256, std::min(m_sourceView->columnWidth(SourceTableModel::Sha256), 180));
    m_sourceView->setColumnWidth(SourceTableModel::Name, std::min(m_sourceView->columnWidth(SourceTableModel::Name), 320));
    refreshHits();
    refreshHistogram();
}

void DashboardView::refreshHits() {
    auto overview = casestore::CaseOverview(m_db).hits(12);
    m_severity = QList<quint64>(static_cast<qsizetype>(kSeverityBands.size()), 0);
    m_topRules->setRowCount(0);
    if (!overview)
        return;
    for (const SeverityBand band : kSeverityBands) {
        const auto i = static_cast<qsizetype>(band);
        m_severity[i] = overview->bySeverity[static_cast<std::size_t>(band)];
        m_tiles[i]->setText(QStringLiteral("<span style='font-size:17pt; font-weight:600'>%L1</span><br>%2")
                                .arg(m_severity[i])
                                .arg(bandName(band)));
    }
    auto add = [this](const casestore::RuleHitCount &r) {
        const int row = m_topRules->rowCount();
        m_topRules->insertRow(row);
        auto *name = new QTableWidgetItem(QString::fromStdString(r.ruleId));
        name->setData(Qt::UserRole, QString::fromStdString(r.ruleSet));
        name->setToolTip(QString::fromStdString(r.ruleId));
        m_topRules->setItem(row, 0, name);
        auto *set = new QTableWidgetItem(QString::fromStdString(r.ruleSet));
        set->setToolTip(set->text());
        m_topRules->setItem(row, 1, set);
        m_topRules->setItem(row, 2, numberItem(r.hits));
        m_topRules->setItem(row, 3, numberItem(r.objects));
        auto *sev = numberItem(static_cast<quint64>(r.maxSeverity));
        sev->setForeground(bandColor(severityBand(r.maxSeverity)));
        m_topRules->setItem(row, 4, sev);
    };
    for (const auto &r : overview->topRules)
        add(r);
    for (const auto &r : overview->topAnalyzers)
        add(r);
    m_topRules->resizeColumnsToContents();
    // The rule column takes what is left; the set name must not crowd it out.
    m_topRules->setColumnWidth(1, std::min(m_topRules->columnWidth(1), m_topRules->fontMetrics().horizontalAdvance(QStringLiteral("harrier-analyzers")) + 16));
    m_topRules->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_ruleItems->setRowCount(0);
    m_ruleItemsTitle->setText(m_topRules->rowCount() ? tr("Select a rule to list its items.")
                                                     : tr("No hits yet: run rules (Rules \u2192 Rules manager)."));
}

void DashboardView::showRuleItems(int row) {
    m_ruleItems->setRowCount(0);
    if (row < 0 || row >= m_topRules->rowCount())
        return;
    const QString ruleId = m_topRules->item(row, 0)->text();
    const QString ruleSet = m_topRules->item(row, 0)->data(Qt::UserRole).toString();
    // The panel is narrower than a long rule id: elide its middle, as the table does; the tooltip has it whole.
    QFont bold = m_ruleItemsTitle->font();
    bold.setBold(true);
    const int room = m_ruleItems->width() - m_ruleItemsTitle->fontMetrics().horizontalAdvance(tr("Items hit by ")) - 8;
    const QString shown = QFontMetrics(bold).elidedText(ruleId, Qt::ElideMiddle, std::max(room, 80));
    m_ruleItemsTitle->setText(tr("Items hit by <b>%1</b>").arg(shown.toHtmlEscaped()));
    m_ruleItemsTitle->setToolTip(ruleId);
    auto ids = casestore::CaseOverview(m_db).objectsHitBy(ruleSet.toStdString(), ruleId.toStdString(), 500);
    if (!ids)
        return;
    casestore::CaseReader reader(m_db);
    for (const auto id : *ids) {
        auto o = reader.object(id);
        if (!o)
            continue;
        const int r = m_ruleItems->rowCount();
        m_ruleItems->insertRow(r);
        auto *name = new QTableWidgetItem(QString::fromStdString(o->name.empty() ? o->path : o->name));
        name->setData(Qt::UserRole, static_cast<qlonglong>(id));
        name->setToolTip(QString::fromStdString(o->path));
        m_ruleItems->setItem(r, 0, name);
        m_ruleItems->setItem(r, 1, new QTableWidgetItem(QString::fromStdString(o->kind)));
        m_ruleItems->setItem(r, 2, numberItem(static_cast<quint64>(m_topRules->item(row, 4)->text().toULongLong())));
    }
    m_ruleItems->resizeColumnsToContents();
    m_ruleItems->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
}

void DashboardView::refreshHistogram() {
    casestore::EventQuery q(m_db);
    auto all = q.histogram({}, 120);
    if (!all || all->buckets.empty()) {
        m_histogram->setBuckets({}, 0);
        return;
    }
    // Same grid for hits: fix the range to the events' span so buckets line up.
    casestore::EventFilter hitFilter;
    hitFilter.hasHit = true;
    hitFilter.from = all->buckets.front().start;
    hitFilter.to = UtcTime{all->buckets.back().start.micros + all->bucketMicros};
    auto hits = q.histogram(hitFilter, 120);
    std::vector<ActivityHistogram::Bucket> out;
    out.reserve(all->buckets.size());
    for (const auto &b : all->buckets)
        out.push_back({b.start, b.count, 0});
    if (hits && hits->bucketMicros == all->bucketMicros) {
        std::size_t j = 0;
        for (const auto &hb : hits->buckets) {
            while (j < out.size() && out[j].start.micros < hb.start.micros)
                ++j;
            if (j < out.size() && out[j].start.micros == hb.start.micros)
                out[j].hits = hb.count;
        }
    }
    m_histogram->setBuckets(std::move(out), all->bucketMicros);
}

}  // namespace harrier::ui
