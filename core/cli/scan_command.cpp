#include <algorithm>
#include <cstdio>
#include <ostream>

#include "cli/commands.h"
#include "cli/terminal_progress.h"
#include "rules/analyzers/analyzer_registry.h"
#include "rules/scan/scan_all.h"

namespace harrier::cli {

namespace {

const OptionSpec kScanOptions{
    {"--yara", "--ioc", "--threads", "--timeout", "--max-size", "--skip", "--cache-dir", "--known-good",
     "--allow-domain", "--analyzer", "--no-analyzer", "--protected-domain", "--protected-domains",
     "--campaign-min-messages", "--campaign-min-recipients", "--post-min-requests", "--analyst"},
    {"--json", "--quiet", "--no-cache", "--no-analyzers", "--list-analyzers", "--write", "--ignore-manifest"}};

/// Human-readable lines for each finished stage; the numbers come from the
/// same JSON that --json prints, so both views agree.
void printStage(std::ostream &out, const std::string &stage, const nlohmann::json &j) {
    if (stage == "yara.pack") {
        out << "YARA rule pack " << j["rule_pack_hash"].get<std::string>().substr(0, 16) << ": " << j["files_ok"]
            << " of " << j["files"] << " files compiled, " << j["rules"] << " rules"
            << (j["from_cache"].get<bool>() ? " (from cache)" : "") << "\n";
        for (const auto &f : j["file_results"]) {
            for (const auto &e : f["errors"])
                out << "  error   " << e["file"].get<std::string>() << ":" << e["line"] << ": "
                    << e["message"].get<std::string>() << "\n";
            for (const auto &w : f["warnings"])
                out << "  warning " << w["file"].get<std::string>() << ":" << w["line"] << ": "
                    << w["message"].get<std::string>() << "\n";
        }
    } else if (stage == "yara") {
        const auto &s = j["scan"];
        out << "YARA: scanned " << s["scanned"] << " of " << s["items"] << " items (" << s["bytes"] << " bytes, "
            << s["seconds"] << " s): " << s["hits"] << " hits in " << s["items_with_hits"] << " items; skipped "
            << s["skipped"] << ", too large " << s["too_large"] << ", timed out " << s["timed_out"] << ", errors "
            << s["errors"] << "\n";
    } else if (stage == "ioc") {
        for (const auto &r : j["feeds"]) {
            out << "IOC feed " << r["file"].get<std::string>() << " [" << r["format"].get<std::string>()
                << "]: " << r["records"] << " records, " << r["accepted"] << " accepted";
            for (const auto &[why, n] : r["rejected"].items())
                out << ", " << n << " rejected (" << why << ")";
            out << "\n";
        }
        const auto &s = j["scan"];
        out << "IOC: " << j["rules"] << " rules from " << j["feeds"].size() << " files; checked " << s["observables"]
            << " observables, " << s["objects"] << " objects, " << s["content_items"] << " contents: " << s["hits"]
            << " hits\n";
    } else if (stage == "analyzers") {
        out << "Analyzers (" << j["ran"].size() << " run, rule set "
            << j["rule_set_hash"].get<std::string>().substr(0, 16) << "): " << j["hits"] << " hits over "
            << j["emails"] << " emails, " << j["web_requests"] << " script requests\n";
        for (const auto &[id, n] : j["hits_by_analyzer"].items())
            out << "  " << id << ": " << n << "\n";
    }
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

/// The options of `scan` as core scan options; returns an exit code (kExitOk when valid).
int parseScanOptions(const Args &args, Context &ctx, rules::ScanAllOptions &o) {
    o.yaraPaths = args.values("--yara");
    o.iocPaths = args.values("--ioc");
    o.analyzers = !args.flag("--no-analyzers");
    if (auto t = args.value("--threads")) {
        auto n = parseInteger(*t);
        if (!n || *n < 1 || *n > 256)
            return usageError(ctx, "--threads takes a number from 1 to 256");
        o.yaraScan.threads = static_cast<int>(*n);
    }
    if (auto t = args.value("--timeout")) {
        auto n = parseInteger(*t);
        if (!n || *n < 1)
            return usageError(ctx, "--timeout takes seconds");
        o.yaraScan.timeoutSeconds = static_cast<int>(*n);
    }
    if (auto t = args.value("--max-size")) {
        auto n = parseInteger(*t);
        if (!n || *n < 1)
            return usageError(ctx, "--max-size takes bytes");
        o.yaraScan.maxBytes = *n;
    }
    o.yaraScan.skipGlobs = args.values("--skip");
    o.yaraLoad.useCache = !args.flag("--no-cache");
    o.yaraLoad.cacheDir = args.value("--cache-dir").value_or("");
    o.knownGoodFiles = args.values("--known-good");
    o.allowDomainFiles = args.values("--allow-domain");
    auto &ao = o.analyzerOptions;
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
    return kExitOk;
}

}  // namespace

int cmdScan(const std::vector<std::string> &tokens, Context &ctx) {
    int rc = kExitOk;
    // Any number of positionals at first: --list-analyzers needs no case.
    auto args = parseCommandLine(ctx, tokens, kScanOptions, {}, rc);
    if (!args)
        return rc;
    if (args->flag("--list-analyzers")) {
        for (const auto &i : rules::analyzers::analyzerInfos())
            ctx.out << i.id << "\tv" << i.version << "\tseverity " << i.severity << "\t" << i.summary << "\n";
        return kExitOk;
    }
    if (args->positional().size() != 1)
        return usageError(ctx, "scan takes exactly one CASE path");
    rules::ScanAllOptions options;
    if (int r = parseScanOptions(*args, ctx, options); r != kExitOk)
        return r;
    if (options.yaraPaths.empty() && options.iocPaths.empty() && !options.analyzers)
        return usageError(ctx, "scan needs --yara PATH, --ioc PATH or the analyzers (drop --no-analyzers)");
    auto db = openCaseToWrite(ctx, *args, rc);
    if (!db)
        return rc;
    const bool json = args->flag("--json");
    const bool quiet = json || args->flag("--quiet");
    TerminalProgress progress(stderr, quiet);
    auto result = rules::scanAll(*db, options, ctx.stop, &progress, [&](const std::string &stage, const nlohmann::json &part) {
        progress.done();
        if (!quiet)
            printStage(ctx.out, stage, part);
    });
    progress.done();
    if (!result)
        return reportError(ctx, result.error());
    const nlohmann::json &j = result->report;
    if (json)
        ctx.out << dumpJson(j) << "\n";
    return kExitOk;
}

}  // namespace harrier::cli
