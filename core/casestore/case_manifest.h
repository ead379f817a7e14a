#pragma once
/// The manifest written beside an exported case (`OUT.hcase.manifest.json`):
/// who exported what, when, and the SHA-256 of the file as it left. CaseDb
/// checks it on open, so a case damaged or altered in transit is refused.

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "base/utc_time.h"

namespace harrier::casestore {

struct CaseManifest {
    std::string caseUuid;
    std::string caseName;
    std::string exporter;  ///< analyst who exported
    UtcTime exportedAt;
    std::string sha256;  ///< of the exported case file
    std::int64_t size = 0;
    bool withoutContent = false;
    bool onlyTagged = false;
    std::string harrierVersion;
};

/// `<casePath>.manifest.json`
std::string manifestPathFor(const std::string &casePath);

Result<void> writeManifest(const std::string &casePath, const CaseManifest &manifest);
/// nullopt when there is no manifest beside the case.
Result<std::optional<CaseManifest>> readManifest(const std::string &casePath);

enum class ManifestCheck {
    NoManifest,
    Verified,  ///< the file's SHA-256 equals the manifest's
    Mismatch,  ///< it does not (or the manifest is unreadable)
};

struct ManifestVerdict {
    ManifestCheck check = ManifestCheck::NoManifest;
    std::optional<CaseManifest> manifest;
    std::string actualSha256;
    std::string message;  ///< why a mismatch was refused
};

/// Hashes the case file and compares it with its manifest.
ManifestVerdict checkManifest(const std::string &casePath);

}  // namespace harrier::casestore
