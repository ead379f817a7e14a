#include "ui/views/artifact_view.h"

#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QStringDecoder>
#include <QTabWidget>
#include <QTableWidget>
#include <QThreadPool>
#include <QVBoxLayout>

#include "casestore/case_db.h"
#include "casestore/case_reader.h"
#include "ui/models/timeline_model.h"
#include "ui/views/hex_view.h"
#include "ui/widgets/record_table.h"

namespace harrier::ui {

namespace {

void addRow(QTableWidget *t, const QString &key, const QString &value, bool mono = false) {
    if (value.isEmpty())
        return;
    const int row = t->rowCount();
    t->insertRow(row);
    auto *k = new QTableWidgetItem(key);
    k->setForeground(QColor(0x55, 0x55, 0x55));
    auto *v = new QTableWidgetItem(value.left(2000).simplified());
    v->setToolTip(value.left(8000));
    if (mono)
        v->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    t->setItem(row, 0, k);
    t->setItem(row, 1, v);
}

QString attributeValue(const casestore::Attribute &a) {
    switch (a.type) {
    case casestore::AttributeType::Integer: return QString::number(a.integer);
    case casestore::AttributeType::Time: return TimelineModel::formatUtc(UtcTime{a.integer}) + QStringLiteral(" UTC");
    default: return QString::fromStdString(a.text);
    }
}
}  // namespace

ArtifactView::ArtifactView(casestore::CaseDb &db, QWidget *parent) : QWidget(parent), m_db(db) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *top = new QHBoxLayout();
    m_title = new QLabel(this);
    QFont tf = m_title->font();
    tf.setBold(true);
    tf.setPointSizeF(tf.pointSizeF() * 1.2);
    m_title->setFont(tf);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_export = new QPushButton(tr("Export content\u2026"), this);
    m_export->setToolTip(tr("Writes the stored bytes to a file (owner-only permissions). The file is never opened or run."));
    auto *events = new QPushButton(tr("Events"), this);
    events->setToolTip(tr("This item's events on the timeline"));
    connect(events, &QPushButton::clicked, this, [this] {
        if (m_objectId)
            emit showEventsRequested(m_objectId);
    });
    auto *hits = new QPushButton(tr("Hits"), this);
    hits->setToolTip(tr("The hits on this item"));
    connect(hits, &QPushButton::clicked, this, [this] {
        if (m_objectId)
            emit showHitsRequested(m_objectId);
    });
    top->addWidget(m_title, 1);
    top->addWidget(events);
    top->addWidget(hits);
    top->addWidget(m_export);
    layout->addLayout(top);

    m_tabs = new QTabWidget(this);
    m_details = makeRecordTable({tr("Property"), tr("Value")}, m_tabs);
    m_provenance = makeRecordTable({tr("Level"), tr("Kind"), tr("Name"), tr("Path")}, m_tabs);
    m_text = new QPlainTextEdit(m_tabs);
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_hex = new HexView(m_tabs);
    m_tabs->addTab(m_details, tr("Details"));
    m_tabs->addTab(m_provenance, tr("Provenance"));
    m_tabs->addTab(m_text, tr("Text"));
    m_tabs->addTab(m_hex, tr("Hex"));
    layout->addWidget(m_tabs, 1);
    m_contentNote = new QLabel(this);
    layout->addWidget(m_contentNote);

    const QFontMetrics fm = fontMetrics();
    m_details->setColumnWidth(0, fm.horizontalAdvance(QStringLiteral("attribute: content_id_x")) + 24);
    m_provenance->setColumnWidth(0, fm.horizontalAdvance(QStringLiteral("Level")) + 24);
    m_provenance->setColumnWidth(1, fm.horizontalAdvance(QStringLiteral("attachment")) + 24);
    m_provenance->setColumnWidth(2, fm.horizontalAdvance(QStringLiteral("x")) * 34);

    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_tabs->widget(index) == m_text || m_tabs->widget(index) == m_hex)
            loadContent();
    });
    connect(m_export, &QPushButton::clicked, this, &ArtifactView::chooseExportPath);
    connect(m_provenance, &QTableWidget::cellActivated, this, [this](int row, int) {
        if (auto *item = m_provenance->item(row, 0))
            emit objectActivated(item->data(Qt::UserRole).toLongLong());
    });
    showObject(0);
}

void ArtifactView::showObject(qint64 objectId) {
    ++m_generation;  // a content load still running for the previous item is ignored
    m_objectId = objectId;
    m_contentLoaded = m_contentLoading = false;
    m_details->setRowCount(0);
    m_provenance->setRowCount(0);
    m_text->clear();
    m_hex->setData({});
    m_contentNote->clear();
    m_object = {};
    casestore::CaseReader reader(m_db);
    auto o = reader.object(objectId);
    if (objectId == 0 || !o) {
        m_title->setText(objectId ? tr("Cannot read item %1").arg(objectId) : tr("No item selected"));
        m_export->setEnabled(false);
        return;
    }
    m_object = *o;
    m_title->setText(QStringLiteral("%1  \u00b7  %2").arg(QString::fromStdString(o->name.empty() ? o->path : o->name),
                                                         QString::fromStdString(o->kind)));
    addRow(m_details, tr("Item id"), QString::number(o->id));
    addRow(m_details, tr("Kind"), QString::fromStdString(o->kind));
    addRow(m_details, tr("Name"), QString::fromStdString(o->name));
    addRow(m_details, tr("Path"), QString::fromStdString(o->path));
    if (o->size)
        addRow(m_details, tr("Size"), tr("%L1 bytes").arg(*o->size));
    addRow(m_details, tr("MIME type"), QString::fromStdString(o->mimeType));
    addRow(m_details, tr("File type"), QString::fromStdString(o->fileType));
    addRow(m_details, tr("MD5"), QString::fromStdString(o->md5), true);
    addRow(m_details, tr("SHA-1"), QString::fromStdString(o->sha1), true);
    addRow(m_details, tr("SHA-256"), QString::fromStdString(o->sha256), true);
    addRow(m_details, tr("Stored content"),
           o->blobSha256.empty() ? tr("not kept") : tr("blob %1").arg(QString::fromStdString(o->blobSha256)), true);
    for (const auto &a : o->attributes) {
        // Bodies and JSON lists are the email viewer's business; here they are one elided line.
        addRow(m_details, tr("attribute: %1").arg(QString::fromStdString(a.name)), attributeValue(a));
    }

    // Provenance: this item, its parents, up to the evidence source.
    std::vector<casestore::ObjectRecord> chain;
    chain.push_back(*o);
    for (int guard = 0; chain.back().parentId != 0 && guard < 64; ++guard) {
        auto p = reader.object(chain.back().parentId);
        if (!p)
            break;
        chain.push_back(std::move(*p));
    }
    for (std::size_t i = 0; i < chain.size(); ++i) {
        const auto &c = chain[chain.size() - 1 - i];  // source first
        const int row = m_provenance->rowCount();
        m_provenance->insertRow(row);
        auto *level = new QTableWidgetItem(QString::number(i));
        level->setData(Qt::UserRole, QVariant::fromValue<qint64>(c.id));
        m_provenance->setItem(row, 0, level);
        m_provenance->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(c.kind)));
        QString name = QString::fromStdString(c.name);
        if (c.kind == "source")
            if (auto sources = reader.sources())
                for (const auto &s : *sources)
                    if (s.source.id == c.id)
                        name = QString::fromStdString(s.source.displayName);
        m_provenance->setItem(row, 2, new QTableWidgetItem(QString(i, QLatin1Char(' ')) + name));
        auto *path = new QTableWidgetItem(QString::fromStdString(c.path));
        path->setToolTip(QString::fromStdString(c.path));
        m_provenance->setItem(row, 3, path);
    }
    const bool hasContent = !o->blobSha256.empty();
    m_export->setEnabled(hasContent);
    m_tabs->setTabEnabled(2, hasContent);
    m_tabs->setTabEnabled(3, hasContent);
    if (!hasContent)
        m_contentNote->setText(tr("The content of this item is not stored in the case."));
    if (hasContent && (m_tabs->currentWidget() == m_text || m_tabs->currentWidget() == m_hex))
        loadContent();
}

void ArtifactView::loadContent() {
    if (m_contentLoaded || m_contentLoading || m_object.blobSha256.empty())
        return;
    m_contentLoading = true;
    m_contentNote->setText(tr("Loading content\u2026"));
    const quint64 gen = m_generation;
    const std::string path = m_db.path();
    const std::string sha = m_object.blobSha256;
    QPointer<ArtifactView> self(this);
    // Decompressing up to 64 MiB takes long enough to stall the GUI: a pool
    // thread with its own read-only connection does it.
    QThreadPool::globalInstance()->start([self, gen, path, sha] {
        QByteArray bytes;
        QString error;
        auto db = casestore::CaseDb::open(path, casestore::OpenMode::ReadOnly);
        if (!db) {
            error = QString::fromStdString(db.error().message);
        } else if (auto blob = casestore::CaseReader(**db).blob(sha)) {
            bytes = QByteArray(reinterpret_cast<const char *>(blob->data()), static_cast<qsizetype>(blob->size()));
        } else {
            error = QString::fromStdString(blob.error().message);
        }
        if (self)
            QMetaObject::invokeMethod(self.data(), [self, gen, b = std::move(bytes), error]() mutable {
                if (self)
                    self->onContent(gen, std::move(b), error);
            }, Qt::QueuedConnection);
    });
}

void ArtifactView::onContent(quint64 generation, QByteArray bytes, QString error) {
    if (generation != m_generation)
        return;
    m_contentLoading = false;
    if (!error.isEmpty()) {
        m_contentNote->setText(tr("Cannot read the content: %1").arg(error));
        return;
    }
    m_contentLoaded = true;
    // Text: the first MiB, decoded as UTF-8 with invalid bytes replaced;
    // controls other than line breaks and tabs would garble the view.
    QString text = QString::fromUtf8(bytes.left(kMaxTextBytes));
    for (QChar &c : text)
        if (c.unicode() < 0x20 && c != QLatin1Char('\n') && c != QLatin1Char('\t'))
            c = QChar(0x00B7);
    m_text->setPlainText(text);
    m_contentNote->setText(bytes.size() > kMaxTextBytes
                               ? tr("%L1 bytes. The text view shows the first %L2; the hex view shows everything.")
                                     .arg(bytes.size())
                                     .arg(kMaxTextBytes)
                               : tr("%L1 bytes.").arg(bytes.size()));
    m_hex->setData(std::move(bytes));
    emit contentReady();
}

bool ArtifactView::exportContentTo(const QString &path, QString *error) {
    auto fail = [error](const QString &msg) {
        if (error)
            *error = msg;
        return false;
    };
    if (m_object.blobSha256.empty())
        return fail(tr("The content of this item is not stored in the case."));
    auto blob = casestore::CaseReader(m_db).blob(m_object.blobSha256);
    if (!blob)
        return fail(QString::fromStdString(blob.error().message));
    QFile f(path);
    // Created owner-only; an existing file is truncated and narrowed to 0600 as well.
    const auto perms = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate, perms))
        return fail(f.errorString());
    f.setPermissions(perms);
    const auto size = static_cast<qint64>(blob->size());
    if (f.write(reinterpret_cast<const char *>(blob->data()), size) != size)
        return fail(f.errorString());
    f.close();
    return true;
}

void ArtifactView::chooseExportPath() {
    QString name = QString::fromStdString(m_object.name.empty() ? m_object.sha256 : m_object.name);
    // A suffix keeps a double-click in a file manager from running an exported .exe or .lnk.
    name += QStringLiteral(".bin");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export content"), name);
    if (path.isEmpty())
        return;
    QString error;
    if (!exportContentTo(path, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
    else
        m_contentNote->setText(tr("Exported to %1 (owner-only permissions)").arg(path));
}

}  // namespace harrier::ui
