#pragma once
/// Packs collected files the way a Velociraptor offline collector does:
/// uploads/auto/<percent-encoded path>, uploads.json, results/, client_info.json,
/// collection_context.json, log.json — written with libarchive's zip writer.

#include <filesystem>
#include <string>
#include <vector>

#include "base/result.h"
#include "demo/demo_random.h"
#include "demo/endpoint_artifacts.h"

namespace harrier::demo {

/// `Collection-<host>-<time>.zip` for the scenario's host and collection time.
std::string collectionFileName(const std::string &hostname);

Result<void> writeCollection(const std::filesystem::path &zip, const std::string &hostname,
                             const std::vector<CollectedFile> &files, DemoRandom &rng);

}  // namespace harrier::demo
