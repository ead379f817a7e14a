#pragma once
/// Colours for the severity bands of base/severity.h, shared by every view
/// that marks hits (dashboard tiles, hits table, timeline, evidence tree) so
/// a band looks the same wherever it appears.
#include <QColor>

#include "base/severity.h"

namespace harrier::ui {

/// Strong colour: tile backgrounds, text.
QColor bandColor(SeverityBand band);
/// Light colour: a table cell's background behind dark text.
QColor bandBackground(SeverityBand band);
/// The band's name, translatable.
QString bandName(SeverityBand band);
/// The lowest 0..100 severity in the band, derived from severityBand() so
/// filters ("High and above") cannot drift from the bands.
int bandFloor(SeverityBand band);

}  // namespace harrier::ui
