#pragma once
/// The one definition of severity bands. Hits store 0..100 (YARA `score`/
/// `severity` meta, IOC feed weights, analyzer judgement); the dashboard,
/// the evidence tree, the case overview and the report all group them with
/// these bands, so a hit never reads "High" in one place and "Medium" in another.

#include <array>
#include <string_view>

namespace harrier {

/// Most severe first (the order a summary lists them in).
enum class SeverityBand { Critical = 0, High, Medium, Low, Info };

inline constexpr std::array<SeverityBand, 5> kSeverityBands = {SeverityBand::Critical, SeverityBand::High,
                                                               SeverityBand::Medium, SeverityBand::Low,
                                                               SeverityBand::Info};

/// Critical >= 90, High >= 70, Medium >= 40, Low >= 20, else Info. The
/// YARA default for a rule without a score (75) lands in High on purpose:
/// an unscored match from a curated pack deserves a look.
SeverityBand severityBand(int severity);
/// "Critical", "High", "Medium", "Low", "Informational".
std::string_view toString(SeverityBand band);

}  // namespace harrier
