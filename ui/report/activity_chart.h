#pragma once
/// The report's activity chart: events per time bucket as bars, drawn with
/// QPainter into an image both the PDF and the HTML embed.

#include <QImage>

#include "casestore/event_query.h"

namespace harrier::uireport {

/// A chart of `logicalWidth` x `logicalHeight` points drawn at `scale`x for
/// print resolution.
QImage drawActivityChart(const casestore::Histogram &histogram, int logicalWidth, int logicalHeight,
                         qreal scale = 3.0);

}  // namespace harrier::uireport
