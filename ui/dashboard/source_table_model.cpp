#include "ui/dashboard/source_table_model.h"

#include <QBrush>
#include <QColor>

namespace harrier::ui {

namespace {
QString statusText(const casestore::SourceSummary &s) {
    if (s.interrupted)
        return QStringLiteral("partial (interrupted)");
    return QString::fromUtf8(casestore::toString(s.source.status));
}
}  // namespace

void SourceTableModel::setSources(std::vector<casestore::SourceSummary> sources) {
    beginResetModel();
    m_sources = std::move(sources);
    endResetModel();
}

qint64 SourceTableModel::sourceId(int row) const {
    return row >= 0 && row < rowCount() ? m_sources[static_cast<std::size_t>(row)].source.id : 0;
}

int SourceTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_sources.size());
}

int SourceTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant SourceTableModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const auto &s = m_sources[static_cast<std::size_t>(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name: return QString::fromStdString(s.source.displayName);
        case Kind: return QString::fromStdString(s.source.kind);
        case Status: return statusText(s);
        case Seen: return QVariant::fromValue<qulonglong>(s.totals.seen);
        case Stored: return QVariant::fromValue<qulonglong>(s.totals.stored);
        case Failed: return QVariant::fromValue<qulonglong>(s.totals.failed);
        case Errors: return QVariant::fromValue<qulonglong>(s.errorCount);
        case Sha256: return QString::fromStdString(s.source.sha256);
        case AddedBy: return QString::fromStdString(s.source.addedBy);
        case AddedAt: return QString::fromStdString(s.source.addedAt.toIso8601());
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Name)
            return QString::fromStdString(s.source.originalPath);
        if (index.column() == Status)
            return QString::fromStdString(s.source.statusReason);
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Seen && index.column() <= Errors)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == Status &&
        (s.interrupted || s.source.status != casestore::SourceStatus::Done))
        return QBrush(QColor(0xB0, 0x3A, 0x2E));
    return {};
}

QVariant SourceTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *kHeaders[] = {"Source", "Kind", "Status", "Seen", "Stored", "Failed",
                                     "Errors", "SHA-256", "Added by", "Added at (UTC)"};
    return QString::fromUtf8(kHeaders[section]);
}

}  // namespace harrier::ui
