#include "ui/report/activity_chart.h"

#include <QDateTime>
#include <QFont>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

namespace harrier::uireport {

namespace {

QString bucketLabel(std::int64_t micros, std::int64_t bucketMicros) {
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(micros / 1000, Qt::UTC);
    if (bucketMicros >= 86'400'000'000LL * 28)
        return t.toString(QStringLiteral("yyyy-MM"));
    if (bucketMicros >= 86'400'000'000LL)
        return t.toString(QStringLiteral("yyyy-MM-dd"));
    if (bucketMicros >= 60'000'000LL)
        return t.toString(QStringLiteral("MM-dd HH:mm"));
    return t.toString(QStringLiteral("HH:mm:ss"));
}

}  // namespace

QImage drawActivityChart(const casestore::Histogram &h, int logicalWidth, int logicalHeight, qreal scale) {
    QImage image(QSize(logicalWidth, logicalHeight) * scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(10);
    p.setFont(font);
    const QFontMetricsF fm(font);

    std::uint64_t maxCount = 0;
    for (const auto &b : h.buckets)
        maxCount = std::max(maxCount, b.count);
    // Gridlines at a round step (1, 2 or 5 × 10^k) so they read 0, 200,
    // 400..., never 0, 101, 201; the axis ends on the first line above the top bar.
    std::uint64_t tick = 1;
    for (std::uint64_t magnitude = 1; tick * 4 < maxCount; magnitude *= 10)
        for (const std::uint64_t m : {1u, 2u, 5u}) {
            tick = m * magnitude;
            if (tick * 4 >= maxCount)
                break;
        }
    int lines = static_cast<int>((maxCount + tick - 1) / tick);
    lines = std::max(lines, 1);
    maxCount = tick * static_cast<std::uint64_t>(lines);
    const qreal left = fm.horizontalAdvance(QString::number(maxCount)) + 12;
    const qreal bottom = logicalHeight - 2 * fm.height() - 6;
    const qreal top = 8;
    const qreal right = logicalWidth - 8;
    const QRectF plot(QPointF(left, top), QPointF(right, bottom));

    p.setPen(QColor(0xcc, 0xcc, 0xcc));
    for (int i = 0; i <= lines; ++i) {
        const qreal y = plot.bottom() - plot.height() * i / lines;
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(QColor(0x55, 0x55, 0x55));
        const auto v = tick * static_cast<std::uint64_t>(i);
        p.drawText(QRectF(0, y - fm.height() / 2, left - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(v));
        p.setPen(QColor(0xcc, 0xcc, 0xcc));
    }
    if (h.buckets.empty() || maxCount == 0) {
        p.setPen(QColor(0x55, 0x55, 0x55));
        p.drawText(plot, Qt::AlignCenter, QStringLiteral("No events in this case"));
        return image;
    }
    const qreal slot = plot.width() / static_cast<qreal>(h.buckets.size());
    const qreal gap = slot > 4 ? slot * 0.15 : 0;
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x2f, 0x5f, 0x8f));
    for (std::size_t i = 0; i < h.buckets.size(); ++i) {
        const auto c = h.buckets[i].count;
        if (c == 0)
            continue;
        // A single event in a tall chart still shows: at least a hairline bar.
        const qreal height = std::max<qreal>(1.0, plot.height() * static_cast<qreal>(c) / static_cast<qreal>(maxCount));
        p.drawRect(QRectF(plot.left() + slot * static_cast<qreal>(i) + gap / 2, plot.bottom() - height, slot - gap,
                          height));
    }
    p.setPen(QColor(0x33, 0x33, 0x33));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    // Labels at the ends and in the middle: enough to read the span.
    const std::size_t n = h.buckets.size();
    const std::size_t marks[] = {0, n / 2, n - 1};
    for (const std::size_t i : marks) {
        const QString label = bucketLabel(h.buckets[i].start.micros, h.bucketMicros);
        const qreal w = fm.horizontalAdvance(label);
        qreal x = plot.left() + slot * (static_cast<qreal>(i) + 0.5) - w / 2;
        x = std::clamp(x, 0.0, static_cast<qreal>(logicalWidth) - w);
        p.drawText(QPointF(x, plot.bottom() + fm.ascent() + 4), label);
    }
    p.setPen(QColor(0x55, 0x55, 0x55));
    p.drawText(QRectF(0, logicalHeight - fm.height() - 1, logicalWidth, fm.height()), Qt::AlignCenter,
               QStringLiteral("events per bucket (UTC)"));
    return image;
}

}  // namespace harrier::uireport
