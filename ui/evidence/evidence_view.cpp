#include "ui/evidence/evidence_view.h"

#include <QHeaderView>
#include <QMenu>
#include <QTreeView>
#include <QVBoxLayout>

#include "ui/evidence/evidence_tree_model.h"

namespace harrier::ui {

EvidenceView::EvidenceView(casestore::CaseDb &db, QWidget *parent) : QWidget(parent) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_model = new EvidenceTreeModel(db, this);
    m_tree = new QTreeView(this);
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);  // 10^5 rows: no per-row size queries
    m_tree->setAlternatingRowColors(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(EvidenceTreeModel::Name, QHeaderView::Stretch);
    m_tree->header()->resizeSection(EvidenceTreeModel::Kind, 190);
    m_tree->header()->resizeSection(EvidenceTreeModel::Size, 110);
    m_tree->header()->resizeSection(EvidenceTreeModel::Hits, 120);
    layout->addWidget(m_tree);
    connect(m_tree, &QWidget::customContextMenuRequested, this, &EvidenceView::contextMenu);
    connect(m_tree, &QTreeView::activated, this, [this](const QModelIndex &i) {
        if (const qint64 id = m_model->objectId(i))
            emit objectActivated(id);
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &i) {
        if (const qint64 id = m_model->objectId(i))
            emit objectSelected(id);
    });
}

void EvidenceView::refresh() { m_model->reload(); }

void EvidenceView::contextMenu(const QPoint &pos) {
    const QModelIndex idx = m_tree->indexAt(pos);
    const qint64 id = m_model->objectId(idx);
    if (!id)
        return;
    QMenu menu(this);
    menu.addAction(tr("Show events on the timeline"), this, [this, id] { emit showEventsRequested(id); });
    menu.addAction(tr("Show hits"), this, [this, id] { emit showHitsRequested(id); });
    menu.addAction(tr("Show content"), this, [this, id] { emit objectActivated(id); });
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

}  // namespace harrier::ui
