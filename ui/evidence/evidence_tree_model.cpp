#include "ui/evidence/evidence_tree_model.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include "casestore/case_overview.h"
#include "casestore/case_reader.h"
#include "casestore/object_tree.h"
#include "ui/widgets/severity_colors.h"

namespace harrier::ui {

struct EvidenceTreeModel::Node {
    NodeType type = NodeType::Item;
    Node *parent = nullptr;
    int row = 0;
    qint64 objectId = 0;   ///< the item/source; 0 for folders
    qint64 container = 0;  ///< whose children this node lists
    std::string folder;    ///< folder path under the container ("" = top)
    QString name, kind, status;
    qint64 size = -1;
    int severity = -1;
    quint64 folderItems = 0;
    bool mayHaveChildren = false;
    bool foldersLoaded = false;
    bool exhausted = false;
    qint64 lastId = 0;
    std::vector<std::unique_ptr<Node>> children;

    Node *add(std::unique_ptr<Node> n) {
        n->parent = this;
        n->row = static_cast<int>(children.size());
        children.push_back(std::move(n));
        return children.back().get();
    }
};

EvidenceTreeModel::EvidenceTreeModel(casestore::CaseDb &db, QObject *parent) : QAbstractItemModel(parent), m_db(db) {
    reload();
}

EvidenceTreeModel::~EvidenceTreeModel() = default;

void EvidenceTreeModel::reload() {
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_root->foldersLoaded = m_root->exhausted = true;
    if (auto sources = casestore::CaseReader(m_db).sources()) {
        for (const auto &s : *sources) {
            auto n = std::make_unique<Node>();
            n->type = NodeType::Source;
            n->objectId = n->container = s.source.id;
            n->name = QString::fromStdString(s.source.displayName);
            n->kind = QStringLiteral("source");
            n->status = QString::fromUtf8(casestore::toString(s.source.status));
            n->size = s.source.size.value_or(-1);
            n->mayHaveChildren = true;
            m_root->add(std::move(n));
        }
    }
    endResetModel();
}

EvidenceTreeModel::Node *EvidenceTreeModel::nodeOf(const QModelIndex &index) const {
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex EvidenceTreeModel::index(int row, int column, const QModelIndex &parent) const {
    Node *p = nodeOf(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || row >= static_cast<int>(p->children.size()))
        return {};
    return createIndex(row, column, p->children[static_cast<std::size_t>(row)].get());
}

QModelIndex EvidenceTreeModel::parent(const QModelIndex &child) const {
    if (!child.isValid())
        return {};
    Node *p = nodeOf(child)->parent;
    if (!p || p == m_root.get())
        return {};
    return createIndex(p->row, 0, p);
}

int EvidenceTreeModel::rowCount(const QModelIndex &parent) const {
    if (parent.column() > 0)
        return 0;
    return static_cast<int>(nodeOf(parent)->children.size());
}

int EvidenceTreeModel::columnCount(const QModelIndex &) const { return ColumnCount; }

bool EvidenceTreeModel::hasChildren(const QModelIndex &parent) const {
    const Node *n = nodeOf(parent);
    if (n == m_root.get())
        return !n->children.empty();
    if (n->foldersLoaded && n->exhausted)
        return !n->children.empty();
    return n->mayHaveChildren;
}

bool EvidenceTreeModel::canFetchMore(const QModelIndex &parent) const {
    const Node *n = nodeOf(parent);
    return n != m_root.get() && n->mayHaveChildren && !(n->foldersLoaded && n->exhausted);
}

void EvidenceTreeModel::fetchMore(const QModelIndex &parent) {
    Node *n = nodeOf(parent);
    if (!canFetchMore(parent))
        return;
    casestore::ObjectTree tree(m_db);
    std::vector<std::unique_ptr<Node>> fresh;
    if (!n->foldersLoaded) {
        n->foldersLoaded = true;
        if (auto folders = tree.folders(n->container, n->folder)) {
            for (const auto &f : *folders) {
                auto c = std::make_unique<Node>();
                c->type = NodeType::Folder;
                c->container = n->container;
                c->folder = n->folder.empty() ? f.name : n->folder + "/" + f.name;
                c->name = QString::fromStdString(f.name);
                c->kind = QStringLiteral("folder");
                c->folderItems = f.items;
                c->mayHaveChildren = true;
                fresh.push_back(std::move(c));
            }
        }
    }
    auto items = tree.items(n->container, n->folder, n->lastId, kPageSize);
    if (!items || items->size() < static_cast<std::size_t>(kPageSize))
        n->exhausted = true;
    if (items) {
        for (const auto &it : *items) {
            auto c = std::make_unique<Node>();
            c->type = NodeType::Item;
            c->objectId = c->container = it.id;
            c->name = QString::fromStdString(it.name);
            c->kind = QString::fromStdString(it.kind);
            c->size = it.size;
            c->severity = it.maxSeverity;
            c->mayHaveChildren = it.hasChildren;
            n->lastId = it.id;
            fresh.push_back(std::move(c));
        }
    }
    if (fresh.empty())
        return;
    const int first = static_cast<int>(n->children.size());
    beginInsertRows(parent, first, first + static_cast<int>(fresh.size()) - 1);
    for (auto &c : fresh)
        n->add(std::move(c));
    endInsertRows();
}

QVariant EvidenceTreeModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid())
        return {};
    const Node *n = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name: return n->name;
        case Kind:
            if (n->type == NodeType::Source)
                return tr("source (%1)").arg(n->status);
            if (n->type == NodeType::Folder)
                return n->folderItems == 1 ? tr("folder (1 item)") : tr("folder (%L1 items)").arg(n->folderItems);
            return n->kind;
        case Size: return n->size >= 0 ? QLocale().toString(n->size) : QVariant();
        case Hits:
            return n->severity >= 0
                       ? QStringLiteral("%1 (%2)").arg(bandName(severityBand(n->severity)))
                             .arg(n->severity)
                       : QVariant();
        default: return {};
        }
    case Qt::ToolTipRole:
        return n->type == NodeType::Folder ? QString::fromStdString(n->folder) : n->name;
    case Qt::TextAlignmentRole:
        if (index.column() == Size)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        // Critical and High stand out in the tree; lower bands would only add noise.
        if (n->severity >= 0 && severityBand(n->severity) <= SeverityBand::High &&
            (index.column() == Name || index.column() == Hits))
            return QBrush(bandColor(severityBand(n->severity)));
        if (n->type == NodeType::Source && n->status != QLatin1String("done") && index.column() == Kind)
            return QBrush(QColor(0xb0, 0x3a, 0x2e));
        return {};
    case ObjectIdRole: return n->objectId;
    case NodeTypeRole: return static_cast<int>(n->type);
    default: return {};
    }
}

QVariant EvidenceTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Name");
    case Kind: return tr("Kind");
    case Size: return tr("Size (bytes)");
    case Hits: return tr("Highest hit");
    default: return {};
    }
}

qint64 EvidenceTreeModel::objectId(const QModelIndex &index) const { return index.isValid() ? nodeOf(index)->objectId : 0; }

}  // namespace harrier::ui
