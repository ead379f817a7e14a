#pragma once
/// The endpoint half of the demo: the files a Velociraptor collector took
/// from the organisation's intranet web server.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/result.h"
#include "demo/demo_random.h"
#include "demo/demo_scenario.h"

namespace harrier::demo {

inline constexpr std::int64_t kCollectionTime = 1791969120;  // 2026-10-14 09:12:00 UTC
inline constexpr std::int64_t kFirstLogDay = 1791504000;     // 2026-10-09 00:00:00 UTC
inline constexpr std::int64_t kClickTime = 1791270751;       // 2026-10-06 07:12:31 UTC
inline constexpr int kLogDays = 5;

struct CollectedFile {
    std::string windowsPath;  ///< C:\inetpub\wwwroot\...
    std::string content;
    std::int64_t created = 0, modified = 0, accessed = 0;  ///< Unix seconds
};

/// Builds every file of the collection and fills the endpoint part of
/// `facts`. `scratch` is a folder for the SQLite file while it is written.
Result<std::vector<CollectedFile>> endpointFiles(const DemoParams &params, DemoRandom &rng, DemoFacts &facts,
                                                 const std::filesystem::path &scratch);

}  // namespace harrier::demo
