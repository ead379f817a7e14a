#include "ui/views/hex_view.h"

#include <QFontDatabase>
#include <QPainter>
#include <QScrollBar>

namespace harrier::ui {

HexView::HexView(QWidget *parent) : QAbstractScrollArea(parent) {
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    updateScrollBars();
}

void HexView::setData(QByteArray bytes) {
    m_data = std::move(bytes);
    verticalScrollBar()->setValue(0);
    updateScrollBars();
    viewport()->update();
}

int HexView::lineHeight() const { return fontMetrics().height() + 2; }

QString HexView::lineText(qint64 line) const {
    const qint64 start = line * kBytesPerLine;
    if (start < 0 || start >= m_data.size())
        return {};
    const int n = static_cast<int>(std::min<qint64>(kBytesPerLine, m_data.size() - start));
    QString out = QStringLiteral("%1  ").arg(start, 8, 16, QLatin1Char('0'));
    QString ascii;
    for (int i = 0; i < kBytesPerLine; ++i) {
        if (i == 8)
            out += QLatin1Char(' ');
        if (i < n) {
            const auto b = static_cast<unsigned char>(m_data[start + i]);
            out += QStringLiteral("%1 ").arg(b, 2, 16, QLatin1Char('0'));
            ascii += b >= 0x20 && b < 0x7f ? QChar(b) : QLatin1Char('.');
        } else {
            out += QStringLiteral("   ");
        }
    }
    return out + QStringLiteral(" |") + ascii + QLatin1Char('|');
}

void HexView::updateScrollBars() {
    const int visible = std::max(1, viewport()->height() / lineHeight());
    // The scroll bar counts lines (an int): 64 MiB is 4M lines, far below INT_MAX.
    const qint64 lines = lineCount();
    verticalScrollBar()->setRange(0, static_cast<int>(std::max<qint64>(0, lines - visible)));
    verticalScrollBar()->setPageStep(visible);
    verticalScrollBar()->setSingleStep(1);
    const int width = fontMetrics().horizontalAdvance(QString(8 + 2 + 16 * 3 + 1 + 2 + 16 + 1, QLatin1Char('0')));
    horizontalScrollBar()->setRange(0, std::max(0, width + 16 - viewport()->width()));
    horizontalScrollBar()->setPageStep(viewport()->width());
}

void HexView::resizeEvent(QResizeEvent *event) {
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

qint64 HexView::firstVisibleLine() const { return verticalScrollBar()->value(); }

void HexView::scrollToOffset(qint64 offset) {
    verticalScrollBar()->setValue(static_cast<int>(offset / kBytesPerLine));
}

void HexView::paintEvent(QPaintEvent *) {
    QPainter p(viewport());
    p.setFont(font());
    const int lh = lineHeight();
    const int visible = viewport()->height() / lh + 1;
    const qint64 first = firstVisibleLine();
    const int x = 6 - horizontalScrollBar()->value();
    const int ascent = fontMetrics().ascent();
    for (int i = 0; i < visible; ++i) {
        const qint64 line = first + i;
        if (line >= lineCount())
            break;
        const QString text = lineText(line);
        // Offset column in a quieter colour; bytes and ASCII in the text colour.
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(x, i * lh + ascent + 1, text.left(8));
        p.setPen(palette().color(QPalette::Text));
        p.drawText(x + fontMetrics().horizontalAdvance(text.left(8)), i * lh + ascent + 1, text.mid(8));
    }
}

}  // namespace harrier::ui
