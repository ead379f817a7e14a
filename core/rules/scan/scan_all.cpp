#include "rules/scan/scan_all.h"

#include <fstream>
#include <iterator>

#include "base/hashing.h"
#include "casestore/case_db.h"
#include "casestore/hit_store.h"
#include "rules/analyzers/analyzer_registry.h"
#include "rules/ioc/feed_loader.h"
#include "rules/ioc/ioc_scan_job.h"

namespace harrier::rules {

namespace {

using nlohmann::json;

/// Evidence text (file paths, rule strings) may be invalid UTF-8.
std::string dump(const json &j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

bool readAll(const std::string &path, std::string &out) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
}

json messagesJson(const std::vector<yara::CompileMessage> &msgs) {
    auto a = json::array();
    for (const auto &m : msgs)
        a.push_back({{"file", m.file}, {"line", m.line}, {"message", m.message}});
    return a;
}

json packReportJson(const yara::RulePack &pack) {
    const auto &r = pack.report;
    json j = {{"rule_pack_hash", pack.hash}, {"files", r.files.size()}, {"files_ok", r.filesOk},
              {"files_failed", r.filesFailed}, {"rules", r.rules}, {"from_cache", r.fromCache},
              {"cache_path", r.cachePath}, {"includes", r.includes.size()}};
    j["file_results"] = json::array();
    for (const auto &f : r.files)
        j["file_results"].push_back({{"path", f.path}, {"namespace", f.ns}, {"ok", f.ok},
                                     {"errors", messagesJson(f.errors)}, {"warnings", messagesJson(f.warnings)}});
    return j;
}

Result<void> runYara(casestore::CaseDb &db, const ScanAllOptions &o, std::stop_token stop, ProgressSink *progress,
                     const ScanStageCallback &onStage, ScanAllResult &out) {
    auto pack = yara::RuleLoader::load(o.yaraPaths, o.yaraLoad);
    if (!pack)
        return pack.error();
    json &j = out.report["yara"];
    j["pack"] = packReportJson(*pack);
    if (onStage)
        onStage("yara.pack", j["pack"]);
    auto summary = yara::scanCase(db, *pack, o.yaraScan, stop, progress);
    if (!summary)
        return summary.error();
    auto hits = yara::toHits(*summary, pack->hash);
    out.yaraHits = hits.size();
    if (auto r = casestore::HitStore(db).replace("yara", pack->hash, std::move(hits)); !r)
        return r.error();
    json s = {{"items", summary->items},       {"scanned", summary->scanned},
              {"skipped", summary->skipped},   {"too_large", summary->tooLarge},
              {"timed_out", summary->timedOut}, {"errors", summary->errors},
              {"bytes", summary->bytes},       {"seconds", summary->seconds},
              {"items_with_hits", summary->results.size()}, {"hits", out.yaraHits}};
    s["issues"] = json::array();
    for (const auto &i : summary->issues)
        s["issues"].push_back({{"object_id", i.objectId}, {"path", i.path}, {"kind", i.kind}, {"reason", i.reason}});
    j["scan"] = s;
    // The pack's files and rule count go into the audit entry too: the
    // report's "rule packs used" section (and its license attribution) reads them.
    if (auto r = db.audit("scan:yara", dump({{"rule_pack_hash", pack->hash}, {"pack", j["pack"]}, {"scan", s}})); !r)
        return r.error();
    if (onStage)
        onStage("yara", j);
    return {};
}

Result<void> runIoc(casestore::CaseDb &db, const ScanAllOptions &o, std::stop_token stop,
                    const ScanStageCallback &onStage, ScanAllResult &out) {
    auto set = ioc::FeedLoader::load(o.iocPaths);
    if (!set)
        return set.error();
    ioc::MatchOptions mo;
    // Suppression lists change what hits: they are part of the pack hash.
    std::string hashInput = set->sourceHash;
    for (const auto &f : o.knownGoodFiles) {
        std::string c;
        if (!readAll(f, c))
            return makeError(ErrorCode::Io, "cannot read " + f);
        ioc::readKnownGood(c, mo.knownGoodHashes);
        hashInput += "\nkg:" + sha256Hex(asBytes(c));
    }
    for (const auto &f : o.allowDomainFiles) {
        std::string c;
        if (!readAll(f, c))
            return makeError(ErrorCode::Io, "cannot read " + f);
        ioc::readAllowDomains(c, mo.allowDomains);
        hashInput += "\nallow:" + sha256Hex(asBytes(c));
    }
    const std::string packHash = sha256Hex(asBytes(hashInput));
    auto matcher = ioc::IocMatcher::build(*set, std::move(mo));
    if (!matcher)
        return matcher.error();
    json feeds = json::array();
    for (const auto &r : set->reports)
        feeds.push_back({{"file", r.file}, {"format", r.format}, {"records", r.records}, {"accepted", r.accepted},
                         {"rejected", r.rejected}, {"unsupported", r.unsupported}});
    json rejectedPatterns = json::array();
    for (const auto &[idx, why] : (*matcher)->rejectedPatterns())
        rejectedPatterns.push_back({{"indicator", set->indicators[idx].original},
                                    {"feed", set->rules[set->indicators[idx].rule].feed}, {"reason", why}});
    json &j = out.report["ioc"];
    j["pack_hash"] = packHash;
    j["rules"] = set->rules.size();
    j["feeds"] = feeds;
    j["rejected_patterns"] = rejectedPatterns;
    auto summary = ioc::scanCaseForIocs(db, **matcher, packHash, stop);
    if (!summary)
        return summary.error();
    out.iocHits = summary->hits.size();
    json s = {{"observables", summary->observables}, {"objects", summary->objects},
              {"content_items", summary->contentItems}, {"content_bytes", summary->contentBytes},
              {"suppressed_known_good", summary->suppressedKnownGood}, {"seconds", summary->seconds},
              {"hits", out.iocHits}};
    if (auto r = casestore::HitStore(db).replace("ioc", packHash, std::move(summary->hits)); !r)
        return r.error();
    j["scan"] = s;
    if (auto r = db.audit("scan:ioc", dump({{"pack_hash", packHash}, {"scan", s}})); !r)
        return r.error();
    if (onStage)
        onStage("ioc", j);
    return {};
}

Result<void> runAnalyzerStage(casestore::CaseDb &db, const ScanAllOptions &o, std::stop_token stop,
                              const ScanStageCallback &onStage, ScanAllResult &out) {
    const auto &ao = o.analyzerOptions;
    auto summary = analyzers::analyzeCase(db, ao, stop);
    if (!summary)
        return summary.error();
    out.analyzerHits = summary->hits.size();
    json s = {{"rule_set", analyzers::kRuleSet}, {"rule_set_hash", summary->ruleSetHash},
              {"ran", summary->ran}, {"hits", summary->hits.size()},
              {"hits_by_analyzer", summary->hitsByAnalyzer}, {"emails", summary->emails},
              {"attachments", summary->attachments}, {"script_files", summary->scriptFiles},
              {"web_requests", summary->webRequests}, {"protected_domains", ao.protectedDomains},
              {"seconds", summary->seconds}};
    out.report["analyzers"] = s;
    if (auto r = db.audit("scan:analyzers", dump(s)); !r)
        return r.error();
    if (onStage)
        onStage("analyzers", s);
    return {};
}

}  // namespace

Result<ScanAllResult> scanAll(casestore::CaseDb &db, const ScanAllOptions &options, std::stop_token stop,
                              ProgressSink *progress, const ScanStageCallback &onStage) {
    if (options.yaraPaths.empty() && options.iocPaths.empty() && !options.analyzers)
        return makeError(ErrorCode::InvalidInput, "nothing to scan: no YARA pack, no IOC file, analyzers off");
    ScanAllResult out;
    if (!options.yaraPaths.empty())
        if (auto r = runYara(db, options, stop, progress, onStage, out); !r)
            return r.error();
    if (!options.iocPaths.empty()) {
        if (stop.stop_requested())
            return makeError(ErrorCode::Stopped, "scan stopped");
        if (auto r = runIoc(db, options, stop, onStage, out); !r)
            return r.error();
    }
    if (options.analyzers) {
        if (stop.stop_requested())
            return makeError(ErrorCode::Stopped, "scan stopped");
        if (auto r = runAnalyzerStage(db, options, stop, onStage, out); !r)
            return r.error();
    }
    return out;
}

}  // namespace harrier::rules
