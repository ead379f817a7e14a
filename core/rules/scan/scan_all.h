#pragma once
/// One scan of a case with everything Harrier detects: YARA packs, IOC
/// feeds, then the built-in analyzers (last, because the webshell analyzer
/// reads the YARA/IOC hits). `harrier-cli scan` and the GUI's re-scan both
/// call this, so they store the same hits and write the same audit entries
/// (the report's "rule packs used" section reads `scan:yara`).

#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/progress.h"
#include "base/result.h"
#include "rules/analyzers/analyzer.h"
#include "rules/yara/rule_loader.h"
#include "rules/yara/yara_scan_job.h"

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::rules {

struct ScanAllOptions {
    std::vector<std::string> yaraPaths;  ///< empty: no YARA stage
    yara::LoadOptions yaraLoad;
    yara::ScanOptions yaraScan;
    std::vector<std::string> iocPaths;  ///< empty: no IOC stage
    std::vector<std::string> knownGoodFiles;    ///< md5sum / NSRL lists suppressing IOC hash hits
    std::vector<std::string> allowDomainFiles;  ///< domains never reported by the IOC stage
    bool analyzers = true;
    analyzers::AnalyzerOptions analyzerOptions;
};

/// What each stage reported, in the shape `harrier-cli scan --json` prints:
/// {"yara": {"pack", "scan"}, "ioc": {"pack_hash", "feeds", "rejected_patterns", "scan"},
///  "analyzers": {...}}; only stages that ran are present.
struct ScanAllResult {
    nlohmann::json report = nlohmann::json::object();
    std::size_t yaraHits = 0;
    std::size_t iocHits = 0;
    std::size_t analyzerHits = 0;
};

/// Called after a stage finishes (or, for "yara.pack", once the pack is
/// compiled and before the long scan) with that stage's part of the report,
/// so the CLI can print as it goes.
using ScanStageCallback = std::function<void(const std::string &stage, const nlohmann::json &part)>;

/// Runs the stages in order and stores each stage's hits with
/// HitStore::replace (YARA as "yara", IOC as "ioc", analyzers as
/// analyzers::kRuleSet). A failed or stopped stage ends the scan; stages
/// already done keep their hits. progress receives the YARA scan's progress.
Result<ScanAllResult> scanAll(casestore::CaseDb &db, const ScanAllOptions &options, std::stop_token stop = {},
                              ProgressSink *progress = nullptr, const ScanStageCallback &onStage = {});

}  // namespace harrier::rules
