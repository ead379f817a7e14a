#pragma once
/// Severity bands for reading: hits store 0..100 (YARA `score`/`severity`
/// meta, IOC feed weights, analyzer judgement); a summary groups them.

#include <array>
#include <string_view>

namespace harrier::report {

enum class SeverityBand { Critical = 0, High, Medium, Low, Info };

inline constexpr std::array<SeverityBand, 5> kSeverityBands = {SeverityBand::Critical, SeverityBand::High,
                                                               SeverityBand::Medium, SeverityBand::Low,
                                                               SeverityBand::Info};

/// Critical >= 90, High >= 70, Medium >= 40, Low >= 20, else Info. The
/// YARA default for a rule without a score (75) lands in High on purpose:
/// an unscored match from a curated pack deserves a look.
SeverityBand bandOf(int severity);
std::string_view toString(SeverityBand band);

}  // namespace harrier::report
