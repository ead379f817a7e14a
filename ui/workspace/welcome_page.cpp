#include "ui/workspace/welcome_page.h"

#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/workspace/app_settings.h"

namespace harrier::ui {

WelcomePage::WelcomePage(QWidget *parent) : QWidget(parent) {
    auto *outer = new QHBoxLayout(this);
    outer->addStretch(1);
    auto *column = new QWidget(this);
    column->setMaximumWidth(760);
    column->setMinimumWidth(520);
    auto *layout = new QVBoxLayout(column);
    auto *title = new QLabel(tr("<span style='font-size:24pt; font-weight:600'>Harrier</span>"), column);
    auto *subtitle = new QLabel(tr("Incident-response triage: mailboxes, endpoint collections, rules, one timeline."),
                                column);
    subtitle->setWordWrap(true);
    layout->addSpacing(24);
    layout->addWidget(title);
    layout->addWidget(subtitle);
    layout->addSpacing(16);

    auto *buttons = new QHBoxLayout;
    auto *newCase = new QPushButton(tr("New case\u2026"), column);
    newCase->setToolTip(tr("Ctrl+N"));
    auto *open = new QPushButton(tr("Open case\u2026"), column);
    open->setToolTip(tr("Ctrl+O"));
    m_demo = new QPushButton(tr("Open demo case"), column);
    for (auto *b : {newCase, open, m_demo}) {
        b->setMinimumHeight(34);
        buttons->addWidget(b);
    }
    buttons->addStretch(1);
    layout->addLayout(buttons);
    layout->addSpacing(16);
    layout->addWidget(new QLabel(tr("<b>Recent cases</b>"), column));
    m_recent = new QListWidget(column);
    m_recent->setAlternatingRowColors(true);
    layout->addWidget(m_recent, 1);
    auto *drop = new QLabel(tr("Drop a mailbox (mbox, EML, Maildir), a collection zip or a folder onto this window "
                               "to add it to a case. Evidence is read, never modified, and nothing is fetched from "
                               "the network."),
                            column);
    drop->setWordWrap(true);
    drop->setStyleSheet(QStringLiteral("QLabel { border: 2px dashed palette(mid); border-radius: 6px; padding: 14px; }"));
    layout->addWidget(drop);
    layout->addSpacing(24);
    outer->addWidget(column, 4);
    outer->addStretch(1);

    connect(newCase, &QPushButton::clicked, this, &WelcomePage::newCaseRequested);
    connect(open, &QPushButton::clicked, this, &WelcomePage::openCaseRequested);
    connect(m_demo, &QPushButton::clicked, this, [this] {
        const QString p = AppSettings::demoCasePath();
        if (!p.isEmpty())
            emit openPathRequested(p);
    });
    connect(m_recent, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *it) { emit openPathRequested(it->data(Qt::UserRole).toString()); });
    refresh();
}

void WelcomePage::refresh() {
    m_recent->clear();
    for (const auto &p : AppSettings::recentCases()) {
        const QFileInfo fi(p);
        auto *it = new QListWidgetItem(tr("%1    \u2014  %2").arg(fi.completeBaseName(), fi.absolutePath()), m_recent);
        it->setData(Qt::UserRole, p);
        it->setToolTip(p);
        if (!fi.exists())
            it->setForeground(palette().color(QPalette::PlaceholderText));
    }
    if (m_recent->count() == 0) {
        auto *it = new QListWidgetItem(tr("No recent cases yet."), m_recent);
        it->setFlags(Qt::NoItemFlags);
    }
    const QString demo = AppSettings::demoCasePath();
    m_demo->setEnabled(!demo.isEmpty());
    m_demo->setToolTip(demo.isEmpty() ? tr("No demo case found (~/.local/share/Harrier/demo/demo.hcase or "
                                           "$HARRIER_DEMO_CASE); build it with the demo recipe")
                                      : demo);
}

}  // namespace harrier::ui
