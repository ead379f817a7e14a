#include <algorithm>
#include <cstdio>

#include "casestore/hit_store.h"
#include "cli/commands.h"
#include "cli/terminal_progress.h"
#include "rules/analyzers/analyzer_registry.h"
#include "rules/yara/rule_loader.h"
#include "rules/yara/yara_scan_job.h"

namespace harrier::cli {

namespace {

nlohmann::json messagesJson(const std::vector<rules::yara::CompileMessage> &msgs) {
    auto a = nlohmann::json::array();
    for (const auto &m : msgs)
        a.push_back({{"file", m.file}, {"line", m.line}, {"message", m.message}});
    return a;
}

nlohmann::json packReportJson(const rules::yara::RulePack &pack) {
    const auto &r = pack.report;
    nlohmann::json j = {{"rule_pack_hash", pack.hash}, {"files", r.files.size()}, {"files_ok", r.filesOk},
                        {"files_failed", r.filesFailed}, {"rules", r.rules}, {"from_cache", r.fromCache},
                        {"cache_path", r.cachePath}, {"includes", r.includes.size()}};
    j["file_results"] = nlohmann::json::array();
    for (const auto &f : r.files)
        j["file_results"].push_back({{"path", f.path}, {"namespace", f.ns}, {"ok", f.ok},
                                     {"errors", messagesJson(f.errors)}, {"warnings", messagesJson(f.warnings)}});
    return j;
}

/// YARA part of a scan; fills j["yara"]. Returns an exit code.
int runYara(const Args &args, casestore::CaseDb &db, Context &ctx, nlohmann::json &j, bool quiet) {
    rules::yara::ScanOptions so;
    if (auto t = args.value("--threads")) {
        auto n = parseInteger(*t);
        if (!n || *n < 1 || *n > 256)
            return usageError(ctx, "--threads takes a number from 1 to 256");
        so.threads = static_cast<int>(*n);
    }
    if (auto t = args.value("--timeout")) {
        auto n = parseInteger(*t);
        if (!n || *n < 1)
            return usageError(ctx, "--timeout takes seconds");
        so.timeoutSeconds = static_cast<int>(*n);
    }
    if (auto t = args.value("--max-size")) {
        auto n = parseInteger(*t);
        if (!n || *n < 1)
            return usageError(ctx, "--max-size takes bytes");
        so.maxBytes = *n;
    }
    rules::yara::LoadOptions lo;
    lo.useCache = !args.flag("--no-cache");
    lo.cacheDir = args.value("--cache-dir").value_or("");
    auto pack = rules::yara::RuleLoader::load(args.values("--yara"), lo);
    if (!pack)
        return reportError(ctx, pack.error());
    j["yara"]["pack"] = packReportJson(*pack);
    if (!quiet) {
        ctx.out << "YARA rule pack " << pack->hash.substr(0, 16) << ": " << pack->report.filesOk << " of "
                << pack->report.files.size() << " files compiled, " << pack->report.rules << " rules"
                << (pack->report.fromCache ? " (from cache)" : "") << "\n";
        for (const auto &f : pack->report.files) {
            for (const auto &e : f.errors)
                ctx.out << "  error   " << e.file << ":" << e.line << ": " << e.message << "\n";
            for (const auto &w : f.warnings)
                ctx.out << "  warning " << w.file << ":" << w.line << ": " << w.message << "\n";
        }
    }
    so.skipGlobs = args.values("--skip");
    TerminalProgress progress(stderr, quiet || args.flag("--json"));
    auto summary = rules::yara::scanCase(db, *pack, so, ctx.stop, &progress);
    progress.done();
    if (!summary)
        return reportError(ctx, summary.error());
    auto hits = rules::yara::toHits(*summary, pack->hash);
    const std::size_t hitCount = hits.size();
    if (auto r = casestore::HitStore(db).replace("yara", pack->hash, std::move(hits)); !r)
        return reportError(ctx, r.error());
    nlohmann::json s = {{"items", summary->items},       {"scanned", summary->scanned},
                        {"skipped", summary->skipped},   {"too_large", summary->tooLarge},
                        {"timed_out", summary->timedOut}, {"errors", summary->errors},
                        {"bytes", summary->bytes},       {"seconds", summary->seconds},
                        {"items_with_hits", summary->results.size()}, {"hits", hitCount}};
    s["issues"] = nlohmann::json::array();
    for (const auto &i : summary->issues)
        s["issues"].push_back({{"object_id", i.objectId}, {"path", i.path}, {"kind", i.kind}, {"reason", i.reason}});
    j["yara"]["scan"] = s;
    // The pack's files and rule count go into the audit entry too: the
    // report's "rule packs used" section (and its license attribution) reads them.
    if (auto r = db.audit("scan:yara",
                          dumpJson({{"rule_pack_hash", pack->hash}, {"pack", j["yara"]["pack"]}, {"scan", s}}, -1));
        !r)
        return reportError(ctx, r.error());
    if (!quiet)
        ctx.out << "YARA: scanned " << summary->scanned << " of " << summary->items << " items ("
                << summary->bytes << " bytes, " << summary->seconds << " s): " << hitCount << " hits in "
                << summary->results.size() << " items; skipped " << summary->skipped << ", too large "
                << summary->tooLarge << ", timed out " << summary->timedOut << ", errors " << summary->errors
                << "\n";
    return kExitOk;
}

bool readText(const std::string &path, std::string &out) {
    std::FILE *f = std::fopen(path.c_str(), "rb");
    if (!f)
        return false;
    char buf[8192];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
        out.append(buf, n);
    std::fclose(f);
    return true;
}

/// Built-in analyzers part of a scan (after YARA/IOC: the webshell analyzer
/// reads their hits); fills j["analyzers"]. Returns an exit code.
int runAnalyzers(const Args &args, casestore::CaseDb &db, Context &ctx, nlohmann::json &j, bool quiet) {
    rules::analyzers::AnalyzerOptions ao;
    ao.enable = args.values("--analyzer");
    ao.disable = args.values("--no-analyzer");
    ao.protectedDomains = args.values("--protected-domain");
    for (const auto &f : args.values("--protected-domains")) {
        std::string text;
        if (!readText(f, text))
            return reportError(ctx, makeError(ErrorCode::Io, "cannot read " + f));
        for (auto &d : rules::analyzers::readDomainList(text))
            ao.protectedDomains.push_back(std::move(d));
    }
    for (const auto &[opt, field] : {std::pair<const char *, std::size_t *>{"--campaign-min-messages", &ao.campaignMinMessages},
                                     {"--campaign-min-recipients", &ao.campaignMinRecipients},
                                     {"--post-min-requests", &ao.postMinRequests}}) {
        if (auto v = args.value(opt)) {
            auto n = parseInteger(*v);
            if (!n || *n < 1)
                return usageError(ctx, std::string(opt) + " takes a number of at least 1");
            *field = static_cast<std::size_t>(*n);
        }
    }
    auto known = rules::analyzers::analyzerInfos();
    for (const auto *list : {&ao.enable, &ao.disable})
        for (const auto &id : *list)
            if (std::none_of(known.begin(), known.end(), [&](const auto &i) { return i.id == id; }))
                return usageError(ctx, "unknown analyzer " + id + " (harrier-cli scan --list-analyzers)");
    auto summary = rules::analyzers::analyzeCase(db, ao, ctx.stop);
    if (!summary)
        return reportError(ctx, summary.error());
    nlohmann::json s = {{"rule_set", rules::analyzers::kRuleSet}, {"rule_set_hash", summary->ruleSetHash},
                        {"ran", summary->ran}, {"hits", summary->hits.size()},
                        {"hits_by_analyzer", summary->hitsByAnalyzer}, {"emails", summary->emails},
                        {"attachments", summary->attachments}, {"script_files", summary->scriptFiles},
                        {"web_requests", summary->webRequests}, {"protected_domains", ao.protectedDomains},
                        {"seconds", summary->seconds}};
    j["analyzers"] = s;
    if (auto r = db.audit("scan:analyzers", dumpJson(s, -1)); !r)
        return reportError(ctx, r.error());
    if (!quiet) {
        ctx.out << "Analyzers (" << summary->ran.size() << " run, rule set " << summary->ruleSetHash.substr(0, 16)
                << "): " << summary->hits.size() << " hits over " << summary->emails << " emails, "
                << summary->webRequests << " script requests\n";
        for (const auto &[id, n] : summary->hitsByAnalyzer)
            ctx.out << "  " << id << ": " << n << "\n";
    }
    return kExitOk;
}

}  // namespace

int cmdScan(const std::vector<std::string> &tokens, Context &ctx) {
    auto args = Args::parse(tokens, {{"--yara", "--ioc", "--threads", "--timeout", "--max-size", "--skip",
                                      "--cache-dir", "--known-good", "--allow-domain", "--log-level", "--analyzer",
                                      "--no-analyzer", "--protected-domain", "--protected-domains",
                                      "--campaign-min-messages", "--campaign-min-recipients", "--post-min-requests",
                                      "--analyst"},
                                     {"--json", "--quiet", "--no-cache", "--no-analyzers", "--list-analyzers", "--write",
                                      "--ignore-manifest"}});
    if (!args)
        return usageError(ctx, args.error().message);
    if (args->flag("--list-analyzers")) {
        for (const auto &i : rules::analyzers::analyzerInfos())
            ctx.out << i.id << "\tv" << i.version << "\tseverity " << i.severity << "\t" << i.summary << "\n";
        return kExitOk;
    }
    if (args->positional().size() != 1)
        return usageError(ctx, "scan takes exactly one CASE path");
    const bool analyzers = !args->flag("--no-analyzers");
    if (args->values("--yara").empty() && args->values("--ioc").empty() && !analyzers)
        return usageError(ctx, "scan needs --yara PATH, --ioc PATH or the analyzers (drop --no-analyzers)");
    const std::string casePath = args->positional()[0];
    setupLogging(*args, casePath);
    int rc = kExitOk;
    auto db = openCaseForWriting(ctx, casePath, *args, rc);
    if (!db)
        return rc;
    const bool json = args->flag("--json");
    const bool quiet = json || args->flag("--quiet");
    nlohmann::json j = nlohmann::json::object();
    if (!args->values("--yara").empty())
        if (int r = runYara(*args, *db, ctx, j, quiet); r != kExitOk)
            return r;
    if (!args->values("--ioc").empty())
        if (int r = runIocScan(*args, *db, ctx, j, quiet); r != kExitOk)
            return r;
    if (analyzers)
        if (int r = runAnalyzers(*args, *db, ctx, j, quiet); r != kExitOk)
            return r;
    if (json)
        ctx.out << dumpJson(j) << "\n";
    return kExitOk;
}

}  // namespace harrier::cli
