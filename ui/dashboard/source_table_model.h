#pragma once
#include <QAbstractTableModel>

#include <vector>

#include "casestore/case_reader.h"

namespace harrier::ui {

/// Evidence sources of a case with status and reconciliation counts.
class SourceTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Kind, Status, Seen, Stored, Failed, Errors, Sha256, AddedBy, AddedAt, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;
    void setSources(std::vector<casestore::SourceSummary> sources);
    qint64 sourceId(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<casestore::SourceSummary> m_sources;
};

}  // namespace harrier::ui
