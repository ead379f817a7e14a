#include "ui/dashboard/activity_histogram.h"

#include <QDateTime>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace harrier::ui {

namespace {
constexpr double kLeft = 48, kRight = 8, kTop = 8, kBottom = 22;
const QColor kEvents(0x4a, 0x7f, 0xb5);
const QColor kHits(0xd0, 0x45, 0x3a);

QString fmtTime(UtcTime t, qint64 bucketMicros) {
    const auto dt = QDateTime::fromMSecsSinceEpoch(t.micros / 1000, Qt::UTC);
    if (bucketMicros >= 86400LL * 1000000)
        return dt.toString(QStringLiteral("yyyy-MM-dd"));
    if (bucketMicros >= 60LL * 1000000)
        return dt.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    return dt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}
}  // namespace

ActivityHistogram::ActivityHistogram(QWidget *parent) : QWidget(parent) {
    setMouseTracking(true);
    setCursor(Qt::CrossCursor);
    setToolTip(tr("Click a bar or drag across bars to filter the timeline to that time range"));
}

void ActivityHistogram::setBuckets(std::vector<Bucket> buckets, qint64 bucketMicros) {
    m_buckets = std::move(buckets);
    m_bucketMicros = bucketMicros;
    m_selection.reset();
    update();
}

QRectF ActivityHistogram::plotRect() const {
    return QRectF(kLeft, kTop, std::max(1.0, width() - kLeft - kRight), std::max(1.0, height() - kTop - kBottom));
}

int ActivityHistogram::bucketAt(double x) const {
    if (m_buckets.empty())
        return -1;
    const QRectF r = plotRect();
    const int n = static_cast<int>(m_buckets.size());
    const int i = static_cast<int>(std::floor((x - r.left()) / r.width() * n));
    return std::clamp(i, 0, n - 1);
}

void ActivityHistogram::selectBuckets(int first, int last) {
    if (m_buckets.empty())
        return;
    const int n = static_cast<int>(m_buckets.size());
    first = std::clamp(first, 0, n - 1);
    last = std::clamp(last, 0, n - 1);
    if (first > last)
        std::swap(first, last);
    m_selection = {first, last};
    update();
    const UtcTime from = m_buckets[static_cast<std::size_t>(first)].start;
    const UtcTime to{m_buckets[static_cast<std::size_t>(last)].start.micros + m_bucketMicros};
    emit rangeSelected(from, to);
}

void ActivityHistogram::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QRectF r = plotRect();
    p.fillRect(rect(), palette().base());
    const QColor axis = palette().color(QPalette::Mid);
    const QColor text = palette().color(QPalette::Text);
    p.setPen(axis);
    p.drawLine(r.bottomLeft(), r.bottomRight());
    if (m_buckets.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(r, Qt::AlignCenter, tr("No events with a time yet"));
        return;
    }
    quint64 maxCount = 1;
    for (const auto &b : m_buckets)
        maxCount = std::max(maxCount, b.events);
    // Square-root scale: one busy hour must not flatten every other bar.
    const auto scale = [&](quint64 v) { return std::sqrt(double(v)) / std::sqrt(double(maxCount)) * r.height(); };
    const int n = static_cast<int>(m_buckets.size());
    const double w = r.width() / n;
    if (m_selection) {
        QColor sel = palette().color(QPalette::Highlight);
        sel.setAlpha(60);
        p.fillRect(QRectF(r.left() + m_selection->first * w, r.top(), (m_selection->second - m_selection->first + 1) * w,
                          r.height()),
                   sel);
    }
    for (int i = 0; i < n; ++i) {
        const auto &b = m_buckets[static_cast<std::size_t>(i)];
        const double x = r.left() + i * w;
        const double bw = std::max(1.0, w - (w > 4 ? 1 : 0));
        if (b.events) {
            const double h = std::max(1.0, scale(b.events));
            p.fillRect(QRectF(x, r.bottom() - h, bw, h), i == m_hover ? kEvents.lighter(130) : kEvents);
        }
        if (b.hits) {
            const double h = std::max(2.0, scale(std::min(b.hits, maxCount)));
            p.fillRect(QRectF(x + bw * 0.25, r.bottom() - h, std::max(1.0, bw * 0.5), h), kHits);
        }
    }
    p.setPen(text);
    const QFontMetrics fm(font());
    p.drawText(QRectF(0, r.top(), kLeft - 6, fm.height()), Qt::AlignRight | Qt::AlignTop,
               QLocale().toString(maxCount));
    p.drawText(QRectF(0, r.bottom() - fm.height(), kLeft - 6, fm.height()), Qt::AlignRight | Qt::AlignBottom,
               QStringLiteral("0"));
    const QString first = fmtTime(m_buckets.front().start, m_bucketMicros);
    const QString last = fmtTime(m_buckets.back().start, m_bucketMicros);
    p.drawText(QRectF(r.left(), r.bottom() + 3, r.width() / 2, kBottom - 3), Qt::AlignLeft | Qt::AlignTop, first);
    p.drawText(QRectF(r.center().x(), r.bottom() + 3, r.width() / 2, kBottom - 3), Qt::AlignRight | Qt::AlignTop,
               last + QStringLiteral(" UTC"));
}

void ActivityHistogram::mousePressEvent(QMouseEvent *e) {
    if (e->button() == Qt::LeftButton && !m_buckets.empty())
        m_dragStart = bucketAt(e->position().x());
}

void ActivityHistogram::mouseMoveEvent(QMouseEvent *e) {
    const int i = bucketAt(e->position().x());
    if (i != m_hover) {
        m_hover = i;
        update();
    }
    if (m_dragStart) {
        m_selection = {std::min(*m_dragStart, i), std::max(*m_dragStart, i)};
        update();
    }
    if (i >= 0) {
        const auto &b = m_buckets[static_cast<std::size_t>(i)];
        QToolTip::showText(e->globalPosition().toPoint(),
                           tr("%1 UTC\n%L2 events, %L3 with hits").arg(fmtTime(b.start, m_bucketMicros)).arg(b.events).arg(b.hits),
                           this);
    }
}

void ActivityHistogram::mouseReleaseEvent(QMouseEvent *e) {
    if (e->button() != Qt::LeftButton || !m_dragStart)
        return;
    const int start = *m_dragStart;
    m_dragStart.reset();
    selectBuckets(start, bucketAt(e->position().x()));
}

void ActivityHistogram::leaveEvent(QEvent *) {
    m_hover = -1;
    update();
}

}  // namespace harrier::ui
