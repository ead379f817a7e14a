#include "ui/widgets/severity_colors.h"

#include <QCoreApplication>

namespace harrier::ui {

QColor bandColor(SeverityBand band) {
    switch (band) {
    case SeverityBand::Critical: return {0xc0, 0x32, 0x2b};
    case SeverityBand::High: return {0xe0, 0x6c, 0x2f};
    case SeverityBand::Medium: return {0xc8, 0x92, 0x12};
    case SeverityBand::Low: return {0x5b, 0x8d, 0xb8};
    case SeverityBand::Info: return {0x70, 0x78, 0x80};
    }
    return {0x70, 0x78, 0x80};
}

QColor bandBackground(SeverityBand band) {
    switch (band) {
    case SeverityBand::Critical: return {0xF4, 0xC7, 0xC3};
    case SeverityBand::High: return {0xF9, 0xD9, 0xC2};
    case SeverityBand::Medium: return {0xFC, 0xE8, 0xB2};
    case SeverityBand::Low: return {0xE0, 0xE8, 0xF0};
    case SeverityBand::Info: return {0xEC, 0xEC, 0xEC};
    }
    return {0xEC, 0xEC, 0xEC};
}

int bandFloor(SeverityBand band) {
    for (int s = 0; s <= 100; ++s)
        if (severityBand(s) == band)
            return s;
    return 0;
}

QString bandName(SeverityBand band) {
    const auto s = toString(band);
    return QCoreApplication::translate("Severity", QByteArray(s.data(), static_cast<qsizetype>(s.size())).constData());
}

}  // namespace harrier::ui
