#include "casestore/case_manifest.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "base/hashing.h"

namespace harrier::casestore {

namespace {
constexpr const char *kFormat = "harrier-case-export/1";
}

std::string manifestPathFor(const std::string &casePath) { return casePath + ".manifest.json"; }

Result<void> writeManifest(const std::string &casePath, const CaseManifest &m) {
    const nlohmann::json j{{"format", kFormat},
                           {"file", std::filesystem::path(casePath).filename().string()},
                           {"sha256", m.sha256},
                           {"size", m.size},
                           {"case_uuid", m.caseUuid},
                           {"case_name", m.caseName},
                           {"exporter", m.exporter},
                           {"exported_at", m.exportedAt.toIso8601()},
                           {"exported_at_us", m.exportedAt.micros},
                           {"without_content", m.withoutContent},
                           {"only_tagged", m.onlyTagged},
                           {"harrier_version", m.harrierVersion}};
    const std::string path = manifestPathFor(casePath);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    out.close();
    if (!out)
        return makeError(ErrorCode::Io, "cannot write manifest " + path);
    return {};
}

Result<std::optional<CaseManifest>> readManifest(const std::string &casePath) {
    const std::string path = manifestPathFor(casePath);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return std::optional<CaseManifest>{};
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const auto j = nlohmann::json::parse(text.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || j.value("format", "") != kFormat || !j.contains("sha256"))
        return makeError(ErrorCode::InvalidInput, "manifest " + path + " is not a Harrier export manifest");
    CaseManifest m;
    m.sha256 = j.value("sha256", "");
    m.size = j.value("size", std::int64_t{0});
    m.caseUuid = j.value("case_uuid", "");
    m.caseName = j.value("case_name", "");
    m.exporter = j.value("exporter", "");
    m.exportedAt = UtcTime{j.value("exported_at_us", std::int64_t{0})};
    m.withoutContent = j.value("without_content", false);
    m.onlyTagged = j.value("only_tagged", false);
    m.harrierVersion = j.value("harrier_version", "");
    return std::optional<CaseManifest>(std::move(m));
}

ManifestVerdict checkManifest(const std::string &casePath) {
    ManifestVerdict v;
    auto manifest = readManifest(casePath);
    if (!manifest) {
        v.check = ManifestCheck::Mismatch;
        v.message = manifest.error().message;
        return v;
    }
    if (!*manifest)
        return v;
    v.manifest = **manifest;
    auto hashes = hashFile(casePath);
    if (!hashes) {
        v.check = ManifestCheck::Mismatch;
        v.message = "cannot hash " + casePath + " to check its manifest: " + hashes.error().message;
        return v;
    }
    v.actualSha256 = hashes->sha256;
    if (v.actualSha256 == v.manifest->sha256) {
        v.check = ManifestCheck::Verified;
        return v;
    }
    v.check = ManifestCheck::Mismatch;
    v.message = "case " + casePath + " does not match its export manifest (" + manifestPathFor(casePath) +
                "): SHA-256 is " + v.actualSha256 + ", the manifest says " + v.manifest->sha256 +
                ". The file was changed or damaged after " + v.manifest->exporter + " exported it on " +
                v.manifest->exportedAt.toIso8601() +
                ". Ask for a fresh copy, or open it anyway with the explicit override (--ignore-manifest).";
    return v;
}

}  // namespace harrier::casestore
