#pragma once
#include <QByteArray>
#include <QWidget>

#include "casestore/records.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::ui {

class HexView;

/// Detail of any item: metadata, hashes, provenance chain up to its
/// evidence source, attributes, and its stored content as text and hex.
/// Content is loaded on a pool thread only when a content tab is opened
/// (blobs reach 64 MiB), and can be exported to a file — never opened or run.
class ArtifactView : public QWidget {
    Q_OBJECT
public:
    /// Text view shows at most this much of the content.
    static constexpr qsizetype kMaxTextBytes = 1 << 20;

    explicit ArtifactView(casestore::CaseDb &db, QWidget *parent = nullptr);
    void showObject(qint64 objectId);
    qint64 currentObject() const { return m_objectId; }

    /// Writes the stored content to path (mode 0600); false with a message on failure.
    bool exportContentTo(const QString &path, QString *error = nullptr);
    /// Starts loading the content (also done when a content tab is opened).
    void loadContent();
    bool contentLoaded() const { return m_contentLoaded; }

    HexView *hexView() const { return m_hex; }
    QPlainTextEdit *textView() const { return m_text; }
    QTableWidget *detailsTable() const { return m_details; }
    QTableWidget *provenanceTable() const { return m_provenance; }
    QTabWidget *tabs() const { return m_tabs; }

signals:
    void objectActivated(qint64 objectId);
    void showEventsRequested(qint64 objectId);
    void showHitsRequested(qint64 objectId);
    void contentReady();

private:
    void onContent(quint64 generation, QByteArray bytes, QString error);
    void chooseExportPath();

    casestore::CaseDb &m_db;
    qint64 m_objectId = 0;
    casestore::ObjectRecord m_object;
    quint64 m_generation = 0;
    bool m_contentLoaded = false;
    bool m_contentLoading = false;
    QLabel *m_title = nullptr;
    QLabel *m_contentNote = nullptr;
    QPushButton *m_export = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableWidget *m_details = nullptr;
    QTableWidget *m_provenance = nullptr;
    QPlainTextEdit *m_text = nullptr;
    HexView *m_hex = nullptr;
};

}  // namespace harrier::ui
