#include "ui/main_window.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

#include "casestore/case_reader.h"
#include "ui/source_table_model.h"

namespace harrier::ui {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent) {
    setWindowTitle(QStringLiteral("Harrier"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    m_summary = new QLabel(tr("No case open. Use File \u2192 Open case\u2026 (Ctrl+O)."), central);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sources = new SourceTableModel(this);
    m_sourceView = new QTableView(central);
    m_sourceView->setModel(m_sources);
    m_sourceView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_sourceView->verticalHeader()->hide();
    m_sourceView->horizontalHeader()->setStretchLastSection(true);
    m_sourceView->setAlternatingRowColors(true);
    layout->addWidget(m_summary);
    layout->addWidget(new QLabel(tr("<b>Evidence sources</b>"), central));
    layout->addWidget(m_sourceView, 1);
    setCentralWidget(central);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open case\u2026"), this, &MainWindow::chooseCase);
    open->setShortcut(QKeySequence::Open);
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    m_statusPath = new QLabel(this);
    statusBar()->addPermanentWidget(m_statusPath);
    resize(1100, 600);
}

MainWindow::~MainWindow() = default;

void MainWindow::chooseCase() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open case"), {}, tr("Harrier cases (*.hcase);;All files (*)"));
    if (!path.isEmpty())
        openCase(path);
}

bool MainWindow::openCase(const QString &path) {
    const std::string p = path.toStdString();
    const bool writable = QFileInfo(path).isWritable();
    auto db = casestore::CaseDb::open(p, writable ? casestore::OpenMode::ReadWrite : casestore::OpenMode::ReadOnly);
    if (!db && db.error().code == ErrorCode::Locked)
        db = casestore::CaseDb::open(p, casestore::OpenMode::ReadOnly);
    if (!db) {
        QMessageBox::warning(this, tr("Cannot open case"), QString::fromStdString(db.error().message));
        return false;
    }
    m_case = std::move(*db);
    refresh();
    return true;
}

void MainWindow::refresh() {
    if (!m_case)
        return;
    casestore::CaseReader reader(*m_case);
    auto stats = reader.stats();
    auto sources = reader.sources();
    const auto &info = m_case->info();
    setWindowTitle(QStringLiteral("%1 \u2014 Harrier").arg(QString::fromStdString(info.name)));
    if (stats) {
        m_summary->setText(tr("<h2>%1</h2>Created %2 by %3 &nbsp;\u00b7&nbsp; %4 objects &nbsp;\u00b7&nbsp; "
                              "%5 events &nbsp;\u00b7&nbsp; %6 ingest errors &nbsp;\u00b7&nbsp; %7 hits")
                               .arg(QString::fromStdString(info.name).toHtmlEscaped(),
                                    QString::fromStdString(info.createdAt.toIso8601()),
                                    QString::fromStdString(info.createdBy).toHtmlEscaped())
                               .arg(stats->objects)
                               .arg(stats->events)
                               .arg(stats->ingestErrors)
                               .arg(stats->hits));
    }
    if (sources)
        m_sources->setSources(std::move(*sources));
    m_sourceView->resizeColumnsToContents();
    m_statusPath->setText(QString::fromStdString(m_case->path()) +
                          (m_case->readOnly() ? tr("  [read-only]") : QString()));
}

}  // namespace harrier::ui
