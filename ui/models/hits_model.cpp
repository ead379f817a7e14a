#include "ui/models/hits_model.h"

#include <QBrush>
#include <QColor>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <map>

#include "casestore/case_db.h"
#include "casestore/case_reader.h"
#include "ui/models/timeline_model.h"
#include "ui/widgets/severity_colors.h"

namespace harrier::ui {

HitsModel::HitsModel(casestore::CaseDb &db, QObject *parent) : QAbstractTableModel(parent), m_db(db) {}

std::vector<HitsModel::StringMatch> HitsModel::parseStrings(const std::string &detailsJson) {
    std::vector<StringMatch> out;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(detailsJson));
    if (!doc.isObject())
        return out;
    const QJsonObject o = doc.object();
    const QJsonArray arr = o.contains(QStringLiteral("strings")) ? o.value(QStringLiteral("strings")).toArray()
                                                                : o.value(QStringLiteral("matches")).toArray();
    for (const auto &v : arr) {
        const QJsonObject s = v.toObject();
        StringMatch m;
        m.id = s.value(QStringLiteral("id")).toString();
        m.offset = static_cast<qulonglong>(s.value(QStringLiteral("offset")).toDouble());
        m.data = s.value(QStringLiteral("data")).toString();
        if (m.data.isEmpty())
            m.data = s.value(QStringLiteral("value")).toString();
        m.context = s.value(QStringLiteral("context")).toString();
        out.push_back(std::move(m));
    }
    return out;
}

void HitsModel::refresh() {
    casestore::HitStore store(m_db);
    auto hits = store.list();
    casestore::CaseReader reader(m_db);
    std::map<casestore::ObjectId, QString> paths;  // many hits share an item
    std::vector<Row> rows;
    if (hits) {
        rows.reserve(hits->size());
        for (auto &h : *hits) {
            Row r;
            if (h.objectId) {
                auto it = paths.find(h.objectId);
                if (it == paths.end()) {
                    auto o = reader.object(h.objectId);
                    const QString p = o ? QString::fromStdString(o->path.empty() ? o->name : o->path)
                                        : tr("(item %1)").arg(h.objectId);
                    it = paths.emplace(h.objectId, p).first;
                }
                r.item = it->second;
            } else if (h.eventId) {
                r.item = tr("event %1").arg(h.eventId);
            }
            r.strings = parseStrings(h.detailsJson);
            std::map<QString, int> byId;
            for (const auto &s : r.strings)
                ++byId[s.id.isEmpty() ? s.data.left(40) : s.id];
            QStringList parts;
            for (const auto &[id, n] : byId)
                parts << (n > 1 ? QStringLiteral("%1 \u00d7%2").arg(id).arg(n) : id);
            r.stringsSummary = parts.join(QStringLiteral(", "));
            r.hit = std::move(h);
            rows.push_back(std::move(r));
        }
    }
    m_all = std::move(rows);
    applyFilter();
}

void HitsModel::setFilter(const QString &text, int minSeverity) {
    m_text = text.trimmed();
    m_minSeverity = minSeverity;
    applyFilter();
}

void HitsModel::setObjectFilter(qint64 objectId) {
    m_objectId = objectId;
    applyFilter();
}

void HitsModel::applyFilter() {
    std::vector<Row> rows;
    for (const Row &r : m_all) {
        if (r.hit.severity < m_minSeverity)
            continue;
        if (m_objectId != 0 && r.hit.objectId != m_objectId)
            continue;
        if (!m_text.isEmpty() && !QString::fromStdString(r.hit.ruleId).contains(m_text, Qt::CaseInsensitive) &&
            !r.item.contains(m_text, Qt::CaseInsensitive) &&
            !QString::fromStdString(r.hit.explanation).contains(m_text, Qt::CaseInsensitive))
            continue;
        rows.push_back(r);
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    sort(m_sortColumn, m_sortOrder);
}

const HitsModel::Row *HitsModel::rowAt(int row) const {
    return row >= 0 && row < static_cast<int>(m_rows.size()) ? &m_rows[static_cast<std::size_t>(row)] : nullptr;
}

int HitsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }
int HitsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant HitsModel::data(const QModelIndex &index, int role) const {
    const Row *r = rowAt(index.row());
    if (!r)
        return {};
    const auto &h = r->hit;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Severity: return h.severity;
        case Rule: return QString::fromStdString(h.ruleId);
        case RuleSet: return QString::fromStdString(h.ruleSet);
        case Item: return r->item;
        case Explanation: return QString::fromStdString(h.explanation).simplified();
        case Strings: return r->stringsSummary;
        case Created: return TimelineModel::formatUtc(h.createdAt);
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Explanation)
            return QString::fromStdString(h.explanation);
        if (index.column() == Item)
            return r->item;
        if (index.column() == RuleSet)
            return tr("Rule set version %1").arg(QString::fromStdString(h.ruleSetHash.substr(0, 16)));
        if (index.column() == Created)
            return TimelineModel::formatLocal(h.createdAt);
        if (index.column() == Strings && !r->strings.empty()) {
            QStringList lines;
            for (std::size_t i = 0; i < r->strings.size() && i < 20; ++i) {
                const auto &s = r->strings[i];
                lines << QStringLiteral("%1 @%2: %3").arg(s.id).arg(s.offset).arg(s.context.isEmpty() ? s.data : s.context);
            }
            return lines.join(QLatin1Char('\n'));
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == Severity)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::BackgroundRole && index.column() == Severity) {
        return QBrush(bandBackground(severityBand(h.severity)));
    }
    if (role == ObjectIdRole)
        return QVariant::fromValue<qint64>(h.objectId);
    if (role == EventIdRole)
        return QVariant::fromValue<qint64>(h.eventId);
    return {};
}

QVariant HitsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *kHeaders[] = {"Sev.", "Rule / analyzer", "Rule set", "Item", "Matched strings", "Found (UTC)",
                                     "Explanation"};
    return section >= 0 && section < ColumnCount ? QString::fromUtf8(kHeaders[section]) : QVariant();
}

void HitsModel::sort(int column, Qt::SortOrder order) {
    m_sortColumn = column;
    m_sortOrder = order;
    auto key = [column](const Row &r) -> QString {
        switch (column) {
        case Rule: return QString::fromStdString(r.hit.ruleId);
        case RuleSet: return QString::fromStdString(r.hit.ruleSet);
        case Item: return r.item;
        case Explanation: return QString::fromStdString(r.hit.explanation);
        case Strings: return r.stringsSummary;
        default: return {};
        }
    };
    emit layoutAboutToBeChanged();
    std::stable_sort(m_rows.begin(), m_rows.end(), [&](const Row &a, const Row &b) {
        bool less;
        if (column == Severity)
            less = a.hit.severity < b.hit.severity;
        else if (column == Created)
            less = a.hit.createdAt < b.hit.createdAt;
        else
            less = QString::localeAwareCompare(key(a), key(b)) < 0;
        if (order == Qt::DescendingOrder) {
            if (column == Severity)
                return a.hit.severity > b.hit.severity;
            if (column == Created)
                return b.hit.createdAt < a.hit.createdAt;
            return QString::localeAwareCompare(key(b), key(a)) < 0;
        }
        return less;
    });
    emit layoutChanged();
}

}  // namespace harrier::ui
