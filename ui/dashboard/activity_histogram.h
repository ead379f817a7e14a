#pragma once
#include <QWidget>

#include <optional>
#include <vector>

#include "base/utc_time.h"

namespace harrier::ui {

/// Events and hits over time as bars, painted directly (two series share one
/// bucket grid). Click a bar or drag across bars to pick a time range.
class ActivityHistogram : public QWidget {
    Q_OBJECT
public:
    struct Bucket {
        UtcTime start;
        quint64 events = 0;
        quint64 hits = 0;
    };
    explicit ActivityHistogram(QWidget *parent = nullptr);
    void setBuckets(std::vector<Bucket> buckets, qint64 bucketMicros);
    const std::vector<Bucket> &buckets() const { return m_buckets; }
    /// The [from, to) range of bucket indices, as the mouse would pick it.
    void selectBuckets(int first, int last);
    QSize sizeHint() const override { return {600, 160}; }
    QSize minimumSizeHint() const override { return {200, 110}; }

signals:
    void rangeSelected(harrier::UtcTime from, harrier::UtcTime to);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    QRectF plotRect() const;
    int bucketAt(double x) const;

    std::vector<Bucket> m_buckets;
    qint64 m_bucketMicros = 0;
    std::optional<int> m_dragStart;
    std::optional<std::pair<int, int>> m_selection;
    int m_hover = -1;
};

}  // namespace harrier::ui
