#pragma once
#include <QWidget>

class QTreeView;

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::ui {

class EvidenceTreeModel;

/// The evidence tree with its context menu: show an item's events on the
/// timeline, its hits, or its content.
class EvidenceView : public QWidget {
    Q_OBJECT
public:
    explicit EvidenceView(casestore::CaseDb &db, QWidget *parent = nullptr);
    void refresh();
    EvidenceTreeModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }

signals:
    void objectSelected(qint64 objectId);
    void objectActivated(qint64 objectId);
    void showEventsRequested(qint64 objectId);
    void showHitsRequested(qint64 objectId);

private:
    void contextMenu(const QPoint &pos);

    EvidenceTreeModel *m_model = nullptr;
    QTreeView *m_tree = nullptr;
};

}  // namespace harrier::ui
