#pragma once
/// Scans every stored item of a case (files, decoded attachments, bodies:
/// whatever has a blob) with one rule pack: one shared YR_RULES, one
/// scanner and one blob connection per worker thread. Items over the size
/// limit, on the skip list, timed out or failed are recorded, never dropped.

#include <cstdint>
#include <set>
#include <stop_token>
#include <string>
#include <vector>

#include "base/progress.h"
#include "base/result.h"
#include "casestore/hit_store.h"
#include "casestore/scan_inputs.h"
#include "rules/yara/rule_pack.h"
#include "rules/yara/yara_scanner.h"

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::rules::yara {

struct ScanOptions {
    int threads = 1;
    int timeoutSeconds = 60;
    std::int64_t maxBytes = 64LL << 20;
    std::vector<std::string> skipGlobs;  ///< fnmatch patterns over the item path
    std::set<std::string> skipSha256;    ///< content known not to need scanning
};

struct ScanIssue {
    casestore::ObjectId objectId = 0;
    std::string path;
    std::string kind;    ///< "skipped", "too_large", "timeout", "error", "warning"
    std::string reason;
};

/// Per item, the matches and the externals used (kept for parity checks).
struct ItemResult {
    casestore::ObjectId objectId = 0;
    std::string path;
    ScanExternals externals;
    std::vector<RuleMatch> matches;
};

struct ScanSummary {
    std::size_t items = 0;
    std::size_t scanned = 0;
    std::size_t skipped = 0;
    std::size_t tooLarge = 0;
    std::size_t timedOut = 0;
    std::size_t errors = 0;
    std::uint64_t bytes = 0;
    double seconds = 0;
    std::vector<ScanIssue> issues;
    std::vector<ItemResult> results;  ///< items with at least one match, in object order
};

/// Runs the scan over the case (read-only access).
Result<ScanSummary> scanCase(const casestore::CaseDb &db, const RulePack &pack, const ScanOptions &options,
                             std::stop_token stop, ProgressSink *progress = nullptr);

/// One hit record per (item, rule), with the pack hash, for HitStore::replace.
std::vector<casestore::HitRecord> toHits(const ScanSummary &summary, const std::string &packHash);

/// LOKI-style score: meta "score" (0..100), else "severity", else 75 (LOKI's default).
int severityOf(const RuleMatch &m);

}  // namespace harrier::rules::yara
