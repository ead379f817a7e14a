#pragma once
/// The report's names for the severity bands defined once in base/severity.h.

#include "base/severity.h"

namespace harrier::report {

using harrier::kSeverityBands;
using harrier::SeverityBand;
using harrier::toString;
inline SeverityBand bandOf(int severity) { return severityBand(severity); }

}  // namespace harrier::report
