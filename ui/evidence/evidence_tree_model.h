#pragma once
#include <QAbstractItemModel>

#include <memory>
#include <string>
#include <vector>

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::ui {

/// The provenance tree: source → container → folder → item. Levels load
/// when expanded and items in pages (canFetchMore/fetchMore), because one
/// collection zip holds 10^4–10^5 entries; folders are derived from paths.
class EvidenceTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { Name, Kind, Size, Hits, ColumnCount };
    enum Role { ObjectIdRole = Qt::UserRole + 1, NodeTypeRole };
    enum class NodeType { Source, Folder, Item };
    static constexpr int kPageSize = 500;

    explicit EvidenceTreeModel(casestore::CaseDb &db, QObject *parent = nullptr);
    ~EvidenceTreeModel() override;
    void reload();

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    /// The object id behind an index (0 for folders).
    qint64 objectId(const QModelIndex &index) const;

private:
    struct Node;
    Node *nodeOf(const QModelIndex &index) const;

    casestore::CaseDb &m_db;
    std::unique_ptr<Node> m_root;
};

}  // namespace harrier::ui
