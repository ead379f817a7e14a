#pragma once
/// Runs an IocSet over a case: every observable the parsers extracted, every
/// object's hashes and path, and (for literal IOCs) every stored content
/// blob. One hit per (object, IOC rule) whose condition holds; each hit
/// names its feed and indicator and lists what matched.

#include <stop_token>
#include <string>
#include <vector>

#include "base/result.h"
#include "casestore/hit_store.h"
#include "rules/ioc/ioc_matcher.h"

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::rules::ioc {

struct IocScanSummary {
    std::size_t observables = 0;      ///< (observable, object) pairs checked
    std::size_t objects = 0;          ///< objects whose hashes/paths were checked
    std::size_t contentItems = 0;     ///< blobs searched for literals
    std::uint64_t contentBytes = 0;
    std::size_t suppressedKnownGood = 0;
    double seconds = 0;
    std::vector<casestore::HitRecord> hits;
};

Result<IocScanSummary> scanCaseForIocs(const casestore::CaseDb &db, const IocMatcher &matcher,
                                       const std::string &ruleSetHash, std::stop_token stop);

}  // namespace harrier::rules::ioc
