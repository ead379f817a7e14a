#include <fstream>

#include "base/hashing.h"
#include "casestore/hit_store.h"
#include "cli/commands.h"
#include "rules/ioc/feed_loader.h"
#include "rules/ioc/ioc_scan_job.h"

namespace harrier::cli {

namespace {

bool readAll(const std::string &path, std::string &out) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
}

}  // namespace

int runIocScan(const Args &args, casestore::CaseDb &db, Context &ctx, nlohmann::json &j, bool quiet) {
    auto set = rules::ioc::FeedLoader::load(args.values("--ioc"));
    if (!set)
        return reportError(ctx, set.error());
    rules::ioc::MatchOptions mo;
    // Suppression lists change what hits: they are part of the pack hash.
    std::string hashInput = set->sourceHash;
    for (const auto &f : args.values("--known-good")) {
        std::string c;
        if (!readAll(f, c))
            return reportError(ctx, makeError(ErrorCode::Io, "cannot read " + f));
        rules::ioc::readKnownGood(c, mo.knownGoodHashes);
        hashInput += "\nkg:" + sha256Hex(asBytes(c));
    }
    for (const auto &f : args.values("--allow-domain")) {
        std::string c;
        if (!readAll(f, c))
            return reportError(ctx, makeError(ErrorCode::Io, "cannot read " + f));
        rules::ioc::readAllowDomains(c, mo.allowDomains);
        hashInput += "\nallow:" + sha256Hex(asBytes(c));
    }
    const std::string packHash = sha256Hex(asBytes(hashInput));
    auto matcher = rules::ioc::IocMatcher::build(*set, std::move(mo));
    if (!matcher)
        return reportError(ctx, matcher.error());
    nlohmann::json feeds = nlohmann::json::array();
    for (const auto &r : set->reports) {
        feeds.push_back({{"file", r.file}, {"format", r.format}, {"records", r.records}, {"accepted", r.accepted},
                         {"rejected", r.rejected}, {"unsupported", r.unsupported}});
        if (!quiet) {
            ctx.out << "IOC feed " << r.file << " [" << r.format << "]: " << r.records << " records, " << r.accepted
                    << " accepted";
            for (const auto &[why, n] : r.rejected)
                ctx.out << ", " << n << " rejected (" << why << ")";
            ctx.out << "\n";
        }
    }
    nlohmann::json rejectedPatterns = nlohmann::json::array();
    for (const auto &[idx, why] : (*matcher)->rejectedPatterns())
        rejectedPatterns.push_back({{"indicator", set->indicators[idx].original},
                                    {"feed", set->rules[set->indicators[idx].rule].feed}, {"reason", why}});
    j["ioc"]["pack_hash"] = packHash;
    j["ioc"]["feeds"] = feeds;
    j["ioc"]["rejected_patterns"] = rejectedPatterns;
    auto summary = rules::ioc::scanCaseForIocs(db, **matcher, packHash, ctx.stop);
    if (!summary)
        return reportError(ctx, summary.error());
    const std::size_t hitCount = summary->hits.size();
    nlohmann::json s = {{"observables", summary->observables}, {"objects", summary->objects},
                        {"content_items", summary->contentItems}, {"content_bytes", summary->contentBytes},
                        {"suppressed_known_good", summary->suppressedKnownGood}, {"seconds", summary->seconds},
                        {"hits", hitCount}};
    if (auto r = casestore::HitStore(db).replace("ioc", packHash, std::move(summary->hits)); !r)
        return reportError(ctx, r.error());
    j["ioc"]["scan"] = s;
    if (auto r = db.audit("scan:ioc", dumpJson({{"pack_hash", packHash}, {"scan", s}}, -1)); !r)
        return reportError(ctx, r.error());
    if (!quiet)
        ctx.out << "IOC: " << set->rules.size() << " rules from " << set->reports.size() << " files; checked "
                << summary->observables << " observables, " << summary->objects << " objects, "
                << summary->contentItems << " contents: " << hitCount << " hits\n";
    return kExitOk;
}

}  // namespace harrier::cli
