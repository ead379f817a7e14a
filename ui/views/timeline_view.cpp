#include "ui/views/timeline_view.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QSpinBox>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "casestore/case_db.h"
#include "casestore/case_reader.h"
#include "ui/models/timeline_model.h"
#include "ui/views/timeline_scroller.h"
#include "ui/widgets/severity_colors.h"

namespace harrier::ui {

using casestore::EventFilter;

namespace {
// A selection larger than this is not copied: rows are paged, and copying
// millions of rows belongs to the exporters (harrier-cli timeline export).
constexpr qint64 kMaxCopyRows = 100000;

std::vector<std::string> splitList(const QString &text) {
    std::vector<std::string> out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString t = part.trimmed();
        if (!t.isEmpty())
            out.push_back(t.toStdString());
    }
    return out;
}

QString joinList(const std::vector<std::string> &values) {
    QStringList l;
    for (const auto &v : values)
        l << QString::fromStdString(v);
    return l.join(QStringLiteral(", "));
}

std::optional<UtcTime> parseTime(const QString &text) {
    const QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    return UtcTime::parseIso8601(t.toStdString());
}

QString quoteCsv(const QString &s) {
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n')) &&
        !s.contains(QLatin1Char('\r')))
        return s;
    QString q = s;
    q.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

QString cleanTsv(QString s) {
    // TSV has no quoting: tabs and line breaks inside a value become spaces.
    s.replace(QLatin1Char('\t'), QLatin1Char(' '));
    s.replace(QLatin1Char('\n'), QLatin1Char(' '));
    s.replace(QLatin1Char('\r'), QLatin1Char(' '));
    return s;
}
}  // namespace

TimelineView::TimelineView(casestore::CaseDb &db, QWidget *parent) : QWidget(parent), m_db(db) {
    m_model = new TimelineModel(db.path(), this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    buildFilterBar();

    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setAlternatingRowColors(true);
    m_table->setSortingEnabled(false);  // the order is the timeline's (time, id), sorted in SQL
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    // Fixed row heights: the view never measures rows, so 10M rows cost nothing to lay out.
    QHeaderView *vh = m_table->verticalHeader();
    vh->setSectionResizeMode(QHeaderView::Fixed);
    vh->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    vh->hide();
    QHeaderView *hh = m_table->horizontalHeader();
    hh->setSectionResizeMode(QHeaderView::Interactive);
    hh->setStretchLastSection(true);  // the message takes what is left
    hh->setHighlightSections(false);
    hh->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(hh, &QHeaderView::customContextMenuRequested, this,
            [this, hh](const QPoint &p) { showColumnMenu(hh->mapToGlobal(p)); });
    setDefaultColumnWidths();
    // The table sees a window of rows; this bar spans the whole timeline (TimelineScroller).
    m_scrollBar = new QScrollBar(Qt::Vertical, this);
    auto *tableRow = new QHBoxLayout();
    tableRow->setSpacing(0);
    tableRow->addWidget(m_table, 1);
    tableRow->addWidget(m_scrollBar);
    layout->addLayout(tableRow, 1);
    m_scroller = new TimelineScroller(m_table, m_model, m_scrollBar, this);

    connect(m_table, &QTableView::activated, this, &TimelineView::activate);
    connect(m_table, &QTableView::customContextMenuRequested, this, &TimelineView::showContextMenu);
    connect(m_model, &TimelineModel::counted, this, &TimelineView::onCounted);
    connect(m_model, &TimelineModel::rowForTimeReady, this, &TimelineView::onRowForTime);
    connect(m_model, &TimelineModel::pageLoaded, this, &TimelineView::onPageLoaded);
    connect(m_model, &TimelineModel::queryFailed, this,
            [this](const QString &msg) { m_status->setText(tr("Query failed: %1").arg(msg)); });

    auto *copy = new QShortcut(QKeySequence::Copy, m_table);
    connect(copy, &QShortcut::activated, this, [this] { copySelection(QLatin1Char('\t')); });

    m_model->setFilter({});
}

TimelineView::~TimelineView() = default;

void TimelineView::buildFilterBar() {
    auto *grid = new QGridLayout();
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(4);
    auto edit = [this](const QString &placeholder, int minWidth) {
        auto *e = new QLineEdit(this);
        e->setPlaceholderText(placeholder);
        e->setClearButtonEnabled(true);
        e->setMinimumWidth(minWidth);
        connect(e, &QLineEdit::returnPressed, this, &TimelineView::applyFilterFromWidgets);
        return e;
    };
    m_search = edit(tr("Search messages (full text)\u2026"), 220);
    m_search->setToolTip(tr("Every word must occur; punctuation is matched literally (evil.example.com, C:\\Windows)"));
    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(350);
    connect(m_search, &QLineEdit::textEdited, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &TimelineView::applyFilterFromWidgets);

    m_source = new QComboBox(this);
    m_source->addItem(tr("All sources"), QVariant::fromValue<qint64>(0));
    if (auto sources = casestore::CaseReader(m_db).sources())
        for (const auto &s : *sources)
            m_source->addItem(QString::fromStdString(s.source.displayName), QVariant::fromValue<qint64>(s.source.id));
    m_source->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_source, &QComboBox::currentIndexChanged, this, &TimelineView::applyFilterFromWidgets);

    m_type = edit(tr("Event type"), 110);
    m_type->setToolTip(tr("Exact event types, comma-separated (fs:file, email:message, windows:evtx:record\u2026)"));
    m_host = edit(tr("Host"), 90);
    m_user = edit(tr("User"), 90);
    m_tag = edit(tr("Tag"), 80);
    m_severity = new QComboBox(this);
    m_severity->addItem(tr("Any severity"), -1);
    m_severity->addItem(tr("With hits"), 0);
    // The bands' floors (base/severity.h), not free-standing thresholds.
    for (const SeverityBand band : {SeverityBand::Critical, SeverityBand::High, SeverityBand::Medium, SeverityBand::Low})
        m_severity->addItem(tr("%1 and above (\u2265 %2)").arg(bandName(band)).arg(bandFloor(band)), bandFloor(band));
    connect(m_severity, &QComboBox::currentIndexChanged, this, &TimelineView::applyFilterFromWidgets);

    auto *clear = new QPushButton(tr("Clear filters"), this);
    connect(clear, &QPushButton::clicked, this, [this] { setFilter({}); });

    m_from = edit(tr("From (UTC) 2024-03-25T10:00"), 170);
    m_to = edit(tr("To (UTC, exclusive)"), 170);
    m_jump = new QLineEdit(this);
    m_jump->setPlaceholderText(tr("Jump to time (UTC)"));
    m_jump->setClearButtonEnabled(true);
    m_jump->setMinimumWidth(150);
    connect(m_jump, &QLineEdit::returnPressed, this, &TimelineView::jumpFromWidget);
    auto *go = new QPushButton(tr("Go"), this);
    connect(go, &QPushButton::clicked, this, &TimelineView::jumpFromWidget);
    m_minutes = new QSpinBox(this);
    m_minutes->setRange(1, 24 * 60);
    m_minutes->setValue(5);
    m_minutes->setPrefix(QStringLiteral("\u00b1"));
    m_minutes->setSuffix(tr(" min"));
    auto *around = new QPushButton(tr("Around selected"), this);
    around->setToolTip(tr("Show the events within \u00b1N minutes of the selected event"));
    connect(around, &QPushButton::clicked, this, &TimelineView::aroundSelected);
    auto *columns = new QToolButton(this);
    columns->setText(tr("Columns"));
    connect(columns, &QToolButton::clicked, this,
            [this, columns] { showColumnMenu(columns->mapToGlobal(QPoint(0, columns->height()))); });
    m_status = new QLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    grid->addWidget(m_search, 0, 0, 1, 2);
    grid->addWidget(m_source, 0, 2);
    grid->addWidget(m_type, 0, 3);
    grid->addWidget(m_host, 0, 4);
    grid->addWidget(m_user, 0, 5);
    grid->addWidget(m_tag, 0, 6);
    grid->addWidget(m_severity, 0, 7);
    grid->addWidget(clear, 0, 8);
    grid->addWidget(m_from, 1, 0);
    grid->addWidget(m_to, 1, 1);
    auto *jumpRow = new QHBoxLayout();
    jumpRow->addWidget(m_jump, 1);
    jumpRow->addWidget(go);
    grid->addLayout(jumpRow, 1, 2, 1, 2);
    auto *aroundRow = new QHBoxLayout();
    aroundRow->addWidget(m_minutes);
    aroundRow->addWidget(around);
    grid->addLayout(aroundRow, 1, 4, 1, 2);
    grid->addWidget(columns, 1, 6);
    grid->addWidget(m_status, 1, 7, 1, 2);
    // Shown only while the timeline is narrowed to items ("show this item's
    // events"): the filter has no widget of its own, so it must be visible
    // and removable here or the analyst would not know why rows are missing.
    m_itemChip = new QPushButton(this);
    m_itemChip->setToolTip(tr("Only the events of this item; click to show all items again"));
    m_itemChip->setVisible(false);
    connect(m_itemChip, &QPushButton::clicked, this, [this] {
        m_objects.clear();
        m_itemChip->setVisible(false);
        applyFilterFromWidgets();
    });
    grid->addWidget(m_itemChip, 2, 0, 1, 3, Qt::AlignLeft);
    grid->setColumnStretch(0, 2);
    grid->setColumnStretch(1, 2);
    static_cast<QVBoxLayout *>(layout())->addLayout(grid);
}

void TimelineView::setDefaultColumnWidths() {
    const QFontMetrics fm = m_table->fontMetrics();
    auto w = [&fm](const char *sample) { return fm.horizontalAdvance(QString::fromUtf8(sample)) + 18; };
    m_table->setColumnWidth(TimelineModel::Time, w("2024-03-25 10:15:00.000"));
    m_table->setColumnWidth(TimelineModel::Description, w("Prefetch Last Run  "));
    m_table->setColumnWidth(TimelineModel::Type, w("windows:evtx:record"));
    m_table->setColumnWidth(TimelineModel::Host, w("WORKSTATION-01"));
    m_table->setColumnWidth(TimelineModel::User, w("alice@corp.example"));
    m_table->setColumnWidth(TimelineModel::Message, w("x") * 60);
    m_table->setColumnWidth(TimelineModel::Item, w("mailbox.mbox#12/invoice.docm"));
    m_table->setColumnWidth(TimelineModel::Severity, w("Sev."));
    m_table->setColumnWidth(TimelineModel::Source, w("Source"));
    m_table->setColumnWidth(TimelineModel::EventId, w("Event id"));
    // Source and event ids are for cross-referencing; off until asked for.
    m_table->setColumnHidden(TimelineModel::Source, true);
    m_table->setColumnHidden(TimelineModel::EventId, true);
}

void TimelineView::setFilter(const EventFilter &filter) {
    showFilterInWidgets(filter);
    m_status->setText(tr("Counting\u2026"));
    m_model->setFilter(filter);
}

void TimelineView::showObjectEvents(qint64 objectId, const QString &label) {
    m_objectLabel = label.isEmpty() ? tr("item %1").arg(objectId) : label;
    EventFilter f;
    f.objects = {objectId};
    setFilter(f);
}

void TimelineView::showFilterInWidgets(const EventFilter &f) {
    m_updatingWidgets = true;
    if (f.objects != m_objects && f.objects.size() != 1)
        m_objectLabel = tr("%n item(s)", nullptr, static_cast<int>(f.objects.size()));
    m_objects = f.objects;
    m_itemChip->setText(tr("Item: %1  \u2715").arg(m_objectLabel));
    m_itemChip->setVisible(!m_objects.empty());
    m_search->setText(QString::fromStdString(f.text));
    int src = 0;
    if (f.sources.size() == 1)
        src = std::max(0, m_source->findData(QVariant::fromValue<qint64>(f.sources.front())));
    m_source->setCurrentIndex(src);
    m_type->setText(joinList(f.eventTypes));
    m_host->setText(joinList(f.hosts));
    m_user->setText(joinList(f.users));
    m_tag->setText(joinList(f.tags));
    const int sev = f.minSeverity ? *f.minSeverity : (f.hasHit ? 0 : -1);
    int sevIndex = m_severity->findData(sev);
    if (sevIndex < 0 && f.minSeverity) {
        m_severity->addItem(tr("Severity \u2265 %1").arg(sev), sev);
        sevIndex = m_severity->count() - 1;
    }
    m_severity->setCurrentIndex(std::max(0, sevIndex));
    m_from->setText(f.from ? QString::fromStdString(f.from->toIso8601()) : QString());
    m_to->setText(f.to ? QString::fromStdString(f.to->toIso8601()) : QString());
    m_updatingWidgets = false;
}

void TimelineView::applyFilterFromWidgets() {
    if (m_updatingWidgets)
        return;
    m_searchDelay->stop();
    EventFilter f;
    f.objects = m_objects;  // no widget of its own; kept until the chip is clicked
    f.text = m_search->text().trimmed().toStdString();
    if (const qint64 src = m_source->currentData().toLongLong(); src > 0)
        f.sources.push_back(src);
    f.eventTypes = splitList(m_type->text());
    f.hosts = splitList(m_host->text());
    f.users = splitList(m_user->text());
    f.tags = splitList(m_tag->text());
    if (const int sev = m_severity->currentData().toInt(); sev >= 0) {
        f.hasHit = true;
        if (sev > 0)
            f.minSeverity = sev;
    }
    f.from = parseTime(m_from->text());
    f.to = parseTime(m_to->text());
    const bool badFrom = !m_from->text().trimmed().isEmpty() && !f.from;
    const bool badTo = !m_to->text().trimmed().isEmpty() && !f.to;
    if (badFrom || badTo) {
        m_status->setText(tr("Times are ISO 8601 in UTC, e.g. 2024-03-25T10:15:00"));
        return;
    }
    m_status->setText(tr("Counting\u2026"));
    m_model->setFilter(f);
}

void TimelineView::setTimeRange(UtcTime from, UtcTime to) {
    EventFilter f = m_model->filter();
    f.from = from;
    f.to = to;
    setFilter(f);
}

void TimelineView::showAround(qint64 eventId, int minutes) {
    EventFilter base = m_model->filter();
    base.from.reset();
    base.to.reset();
    auto f = casestore::EventQuery(m_db).around(eventId, minutes, base);
    if (!f) {
        m_status->setText(QString::fromStdString(f.error().message));
        return;
    }
    m_minutes->setValue(minutes);
    setFilter(*f);
    m_pendingSelect = eventId;
    if (auto ev = casestore::EventQuery(m_db).event(eventId))
        m_model->requestRowForTime(ev->time);  // answered after the count
}

void TimelineView::jumpToTime(UtcTime time) {
    m_pendingSelect.reset();
    m_model->requestRowForTime(time);
}

void TimelineView::jumpFromWidget() {
    if (auto t = parseTime(m_jump->text()))
        jumpToTime(*t);
    else
        m_status->setText(tr("Times are ISO 8601 in UTC, e.g. 2024-03-25T10:15:00"));
}

void TimelineView::onCounted(quint64 rows, qint64 msecs) {
    m_status->setText((rows == 1 ? tr("1 event") : tr("%L1 events").arg(rows)) + tr(" \u00b7 %1 ms").arg(msecs));
}

void TimelineView::onRowForTime(int row) {
    const int total = m_model->totalRows();
    if (total == 0)
        return;
    row = std::clamp(row, 0, total - 1);  // absolute
    m_pendingRow = row;
    m_scroller->scrollToAbsolute(row, QAbstractItemView::PositionAtCenter);
    m_model->ensureLoadedAbsolute(row);
    onPageLoaded(row / TimelineModel::kPageSize);
}

void TimelineView::onPageLoaded(int page) {
    if (!m_pendingRow)
        return;
    const int row = *m_pendingRow;  // absolute
    if (row / TimelineModel::kPageSize != page && !m_model->eventAtAbsolute(row))
        return;
    if (!m_model->eventAtAbsolute(row))
        return;
    int target = row;
    if (m_pendingSelect) {
        // Several events can share a time: find ours among the next rows.
        for (int r = row; r < std::min(row + TimelineModel::kPageSize, m_model->totalRows()); ++r) {
            const auto *ev = m_model->eventAtAbsolute(r);
            if (!ev)
                break;
            if (ev->id == *m_pendingSelect) {
                target = r;
                break;
            }
        }
    }
    m_pendingRow.reset();
    m_pendingSelect.reset();
    m_scroller->selectAbsolute(target);
    m_scroller->scrollToAbsolute(target, QAbstractItemView::PositionAtCenter);
}

void TimelineView::activate(const QModelIndex &index) {
    const auto *ev = m_model->eventAt(index.row());
    if (!ev)
        return;
    if (index.column() == TimelineModel::Item && ev->objectId)
        emit objectActivated(ev->objectId);
    else
        emit eventActivated(ev->id);
}

void TimelineView::aroundSelected() {
    const QModelIndex current = m_table->currentIndex();
    const auto *ev = current.isValid() ? m_model->eventAt(current.row()) : nullptr;
    if (!ev) {
        m_status->setText(tr("Select an event first"));
        return;
    }
    showAround(ev->id, m_minutes->value());
}

void TimelineView::showContextMenu(const QPoint &pos) {
    const QModelIndex index = m_table->indexAt(pos);
    const auto *ev = index.isValid() ? m_model->eventAt(index.row()) : nullptr;
    QMenu menu(this);
    if (ev) {
        const qint64 eventId = ev->id, objectId = ev->objectId;
        menu.addAction(tr("Open item"), this, [this, objectId] { emit objectActivated(objectId); })
            ->setEnabled(objectId != 0);
        menu.addAction(tr("Event details"), this, [this, eventId] { emit eventActivated(eventId); });
        menu.addAction(tr("Show \u00b1%1 minutes around this event").arg(m_minutes->value()), this,
                       [this, eventId] { showAround(eventId, m_minutes->value()); });
        menu.addSeparator();
    }
    menu.addAction(tr("Copy rows as TSV"), this, [this] { copySelection(QLatin1Char('\t')); });
    menu.addAction(tr("Copy rows as CSV"), this, [this] { copySelection(QLatin1Char(',')); });
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

void TimelineView::showColumnMenu(const QPoint &globalPos) {
    QMenu menu(this);
    for (int c = 0; c < TimelineModel::ColumnCount; ++c) {
        QAction *a = menu.addAction(m_model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
        a->setCheckable(true);
        a->setChecked(!m_table->isColumnHidden(c));
        a->setEnabled(c != TimelineModel::Time);  // a timeline without times is not one
        connect(a, &QAction::toggled, this, [this, c](bool on) { m_table->setColumnHidden(c, !on); });
    }
    menu.exec(globalPos);
}

QString TimelineView::selectedRowsText(QChar separator) const {
    const bool csv = separator == QLatin1Char(',');
    QList<int> columns;
    for (int c = 0; c < TimelineModel::ColumnCount; ++c)
        if (!m_table->isColumnHidden(c))
            columns << c;
    QStringList lines;
    QStringList header;
    for (int c : columns) {
        const QString h = m_model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
        header << (csv ? quoteCsv(h) : cleanTsv(h));
    }
    lines << header.join(separator);
    // Walk selection ranges, not selectedRows(): a range of a million rows is one object.
    QList<QPair<int, int>> ranges;
    for (const QItemSelectionRange &r : m_table->selectionModel()->selection())
        ranges.append({r.top(), r.bottom()});
    std::sort(ranges.begin(), ranges.end());
    int lastRow = -1;
    for (const auto &[top, bottom] : ranges) {
        for (int row = std::max(top, lastRow + 1); row <= bottom; ++row) {
            lastRow = row;
            const auto *ev = m_model->eventAt(row);
            if (!ev)
                continue;
            QStringList cells;
            for (int c : columns) {
                const QString v = TimelineModel::cellText(*ev, c);
                cells << (csv ? quoteCsv(v) : cleanTsv(v));
            }
            lines << cells.join(separator);
        }
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

void TimelineView::copySelection(QChar separator) {
    qint64 selected = 0, loaded = 0;
    for (const QItemSelectionRange &r : m_table->selectionModel()->selection())
        selected += r.height();
    if (selected > kMaxCopyRows) {
        m_status->setText(tr("%L1 rows selected: copy at most %L2, or export the timeline").arg(selected).arg(kMaxCopyRows));
        return;
    }
    for (const QItemSelectionRange &r : m_table->selectionModel()->selection())
        for (int row = r.top(); row <= r.bottom(); ++row)
            loaded += m_model->eventAt(row) ? 1 : 0;
    QApplication::clipboard()->setText(selectedRowsText(separator));
    m_status->setText(loaded == selected ? tr("Copied %L1 rows").arg(loaded)
                                         : tr("Copied %L1 of %L2 rows (scroll through the rest to load them)")
                                               .arg(loaded)
                                               .arg(selected));
}

}  // namespace harrier::ui
