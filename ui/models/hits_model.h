#pragma once
#include <QAbstractTableModel>

#include <vector>

#include "casestore/hit_store.h"

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::ui {

/// Rule hits (YARA, IOC, analyzers; newest version of each rule set) with
/// the item each one is on. Hits number thousands, not millions, so they
/// are held in memory and sorted here.
class HitsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Severity, Rule, RuleSet, Item, Strings, Created, Explanation, ColumnCount };
    enum Role { ObjectIdRole = Qt::UserRole + 1, EventIdRole };

    struct StringMatch {
        QString id, data, context;
        qulonglong offset = 0;
    };
    struct Row {
        casestore::HitRecord hit;
        QString item;  ///< path of the item the hit is on
        std::vector<StringMatch> strings;
        QString stringsSummary;
    };

    explicit HitsModel(casestore::CaseDb &db, QObject *parent = nullptr);
    /// Reloads from the case.
    void refresh();
    /// Shows only hits whose rule, item or explanation contains text, at or above minSeverity.
    void setFilter(const QString &text, int minSeverity);
    /// Shows only the hits on this item ("show hits for this item"); 0 shows every item.
    void setObjectFilter(qint64 objectId);
    qint64 objectFilter() const { return m_objectId; }
    int totalHits() const { return static_cast<int>(m_all.size()); }
    const Row *rowAt(int row) const;
    const std::vector<Row> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    void sort(int column, Qt::SortOrder order) override;

    /// Matched strings from a hit's details (YARA "strings"; IOC/analyzer "matches").
    static std::vector<StringMatch> parseStrings(const std::string &detailsJson);

private:
    void applyFilter();

    casestore::CaseDb &m_db;
    std::vector<Row> m_all;
    std::vector<Row> m_rows;  ///< m_all after the filter, sorted
    QString m_text;
    int m_minSeverity = 0;
    qint64 m_objectId = 0;
    int m_sortColumn = Severity;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
};

}  // namespace harrier::ui
