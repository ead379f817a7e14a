#include "ui/workspace/coming_view.h"

#include <QLabel>
#include <QVBoxLayout>

namespace harrier::ui {

ComingView::ComingView(const QString &name, const QString &purpose, QWidget *parent) : QWidget(parent) {
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    auto *title = new QLabel(tr("<span style='font-size:15pt; font-weight:600'>%1 \u2014 coming</span>").arg(name), this);
    title->setAlignment(Qt::AlignCenter);
    auto *text = new QLabel(purpose, this);
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    m_request = new QLabel(this);
    m_request->setAlignment(Qt::AlignCenter);
    m_request->setWordWrap(true);
    m_request->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(title);
    layout->addWidget(text);
    layout->addSpacing(12);
    layout->addWidget(m_request);
    layout->addStretch(2);
}

void ComingView::showRequest(const QString &request) {
    m_last = request;
    m_request->setText(tr("Requested: %1").arg(request));
}

}  // namespace harrier::ui
