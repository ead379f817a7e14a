// `harrier-cli demo [DIR]`: the newcomer's first run. Generates the demo
// scenario, builds a case from it with the same commands an analyst types,
// scans it with the shipped rule packs and writes the PDF summary.
#include <map>
#include <system_error>

#include "base/resource_paths.h"
#include "casestore/case_reader.h"
#include "casestore/hit_store.h"
#include "cli/commands.h"
#include "demo/demo_scenario.h"

namespace harrier::cli {

namespace fs = std::filesystem;

namespace {

// Only the files a previous demo run created: the user's DIR may hold other things.
void removeOldCase(const fs::path &casePath) {
    std::error_code ec;
    for (const char *suffix : {"", "-wal", "-shm", "-journal", ".log"})
        fs::remove(casePath.string() + suffix, ec);
    fs::remove_all(casePath.string() + ".spool", ec);
}

void printFindings(casestore::CaseDb &db, Context &ctx) {
    auto hits = casestore::HitStore(db).list();
    if (!hits) {
        ctx.err << "harrier-cli: cannot list hits: " << hits.error().message << "\n";
        return;
    }
    casestore::CaseReader reader(db);
    struct Rule {
        std::string label;
        int hits = 0;
        std::vector<std::string> paths;  ///< YARA: the files, few and worth naming
    };
    std::map<std::pair<std::string, std::string>, Rule> rules;  // (rule set, rule id)
    for (const auto &h : *hits) {
        Rule &r = rules[{h.ruleSet, h.ruleId}];
        if (r.label.empty()) {
            // IOC rule ids are "feed:line N"; the matched value and the feed's description say more.
            const auto d = nlohmann::json::parse(h.detailsJson, nullptr, false);
            r.label = h.ruleId;
            if (h.ruleSet == "ioc" && d.is_object() && d.contains("matched") && !d["matched"].empty())
                r.label = d["matched"][0].value("value", h.ruleId) + " (" + d.value("description", "") + ")";
        }
        ++r.hits;
        if (h.ruleSet == "yara") {
            auto o = reader.object(h.objectId);
            r.paths.push_back(o ? o->path : "object " + std::to_string(h.objectId));
        }
    }
    ctx.out << "\nFindings (" << hits->size() << " hits):\n";
    for (const auto &[key, r] : rules) {
        ctx.out << "  " << key.first << "  " << r.label << ": " << r.hits << (r.hits == 1 ? " hit" : " hits") << "\n";
        for (const auto &path : r.paths)
            ctx.out << "      " << path << "\n";
    }
}

}  // namespace

int cmdDemo(const std::vector<std::string> &tokens, Context &ctx) {
    int rc = kExitOk;
    auto args = parseCommandLine(ctx, tokens, {{"--rules"}, {"--quiet"}}, {0, 1, "demo takes at most one DIR"}, rc);
    if (!args)
        return rc;
    const fs::path dir = args->positional().empty() ? defaultDemoDir() : fs::path(args->positional()[0]);
    const fs::path rules = args->value("--rules") ? fs::path(*args->value("--rules")) : defaultRulesDir();
    std::error_code ec;
    if (rules.empty() || !fs::is_directory(rules, ec))
        return reportError(ctx, makeError(ErrorCode::NotFound,
                                          "the default rule packs were not found (looked in $HARRIER_RULES_DIR, "
                                          "../share/harrier/rules next to harrier-cli, /usr/share/harrier/rules); "
                                          "pass --rules DIR"));
    ctx.out << "Generating the demo scenario in " << dir.string() << " ...\n";
    auto facts = demo::generateScenario(dir);
    if (!facts)
        return reportError(ctx, facts.error());
    ctx.out << "  mailbox:    " << facts->mboxPath.string() << " (" << facts->messages << " messages)\n"
            << "  collection: " << facts->collectionPath.string() << " (" << facts->uploads << " files from "
            << facts->hostname << ")\n\n";

    const fs::path casePath = dir / "demo.hcase";
    removeOldCase(casePath);
    const std::string logLevel = args->value("--log-level").value_or("warn");
    rc = runCommand({"case", "new", casePath.string(), "--name", "Demo: news-styled reconnaissance and a webshell",
                     "--log-level", logLevel},
                    ctx);
    if (rc != kExitOk)
        return rc;
    rc = runCommand({"ingest", casePath.string(), facts->mboxPath.string(), facts->collectionPath.string(),
                     "--log-level", logLevel},
                    ctx);
    // Partial (4) means some items carried errors; the case is still worth scanning.
    if (rc != kExitOk && rc != kExitPartial)
        return rc;
    const int ingestRc = rc;

    std::vector<std::string> scan = {"scan", casePath.string(), "--log-level", logLevel};
    if (fs::is_directory(rules / "yara", ec))
        scan.insert(scan.end(), {"--yara", (rules / "yara").string()});
    if (fs::is_directory(rules / "ioc", ec))
        scan.insert(scan.end(), {"--ioc", (rules / "ioc").string()});
    ctx.out << "\n";
    if (rc = runCommand(scan, ctx); rc != kExitOk)
        return rc;

    // `scan` ran YARA, the IOC list and the built-in analyzers; now the summary.
    const fs::path pdf = dir / "demo-summary.pdf";
    fs::remove(pdf, ec);
    if (rc = runCommand({"report", casePath.string(), "--pdf", pdf.string(), "--log-level", logLevel}, ctx);
        rc != kExitOk)
        return rc;

    {
        int openRc = kExitOk;
        auto db = openCase(ctx, casePath.string(), casestore::OpenMode::ReadOnly, {}, openRc);
        if (!db)
            return openRc;
        printFindings(*db, ctx);
    }
    ctx.out << "\nDemo ready.\n"
            << "  case:         " << casePath.string() << "\n"
            << "  evidence:     " << (dir / "evidence").string() << "\n"
            << "  scenario:     " << (dir / "demo-scenario.json").string() << " (what the generator put in)\n";
    ctx.out << "  PDF summary:  " << pdf.string() << "\n";
    ctx.out << "Open it: harrier " << casePath.string() << "   (or: harrier --demo)\n"
            << "Explore: harrier-cli hits " << casePath.string() << "\n"
            << "         harrier-cli timeline " << casePath.string() << " --has-hit\n";
    return ingestRc == kExitPartial ? kExitPartial : kExitOk;
}

}  // namespace harrier::cli
