#pragma once
/// The mail half of the demo: a journal export (mbox) of the organisation's
/// mail gateway, ordinary traffic plus the news-styled campaign.

#include <filesystem>

#include "base/result.h"
#include "demo/demo_random.h"
#include "demo/demo_scenario.h"

namespace harrier::demo {

/// Scenario times (UTC, Unix seconds) shared by the mail and the endpoint.
inline constexpr std::int64_t kMailStart = 1790553600;      // 2026-09-28 00:00:00
inline constexpr std::int64_t kCampaignWave1 = 1791265800;  // 2026-10-06 05:50:00
inline constexpr std::int64_t kCampaignWave2 = 1791472500;  // 2026-10-08 15:15:00
inline constexpr int kMailDays = 19;

/// Writes the mbox and fills the mail part of `facts` (campaign tokens included).
Result<void> writeMailbox(const std::filesystem::path &file, const DemoParams &params, DemoRandom &rng,
                          DemoFacts &facts);

/// RFC 5322 date in the organisation's time zone (+0200).
std::string mailDate(std::int64_t unixSeconds);

}  // namespace harrier::demo
