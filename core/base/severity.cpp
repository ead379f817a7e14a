#include "base/severity.h"

namespace harrier {

SeverityBand severityBand(int severity) {
    if (severity >= 90)
        return SeverityBand::Critical;
    if (severity >= 70)
        return SeverityBand::High;
    if (severity >= 40)
        return SeverityBand::Medium;
    if (severity >= 20)
        return SeverityBand::Low;
    return SeverityBand::Info;
}

std::string_view toString(SeverityBand band) {
    switch (band) {
    case SeverityBand::Critical: return "Critical";
    case SeverityBand::High: return "High";
    case SeverityBand::Medium: return "Medium";
    case SeverityBand::Low: return "Low";
    case SeverityBand::Info: return "Informational";
    }
    return "Informational";
}

}  // namespace harrier
