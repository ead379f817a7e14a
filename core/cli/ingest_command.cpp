#include "casestore/case_reader.h"
#include "cli/commands.h"
#include "cli/terminal_progress.h"
#include "ingest/pipeline.h"

namespace harrier::cli {

namespace {

nlohmann::json countsJson(const casestore::ContainerCounts &c) {
    return {{"seen", c.seen}, {"stored", c.stored}, {"failed", c.failed}, {"reconciles", c.reconciles()}};
}

}  // namespace

int cmdIngest(const std::vector<std::string> &tokens, Context &ctx) {
    int rc = kExitOk;
    auto args = parseCommandLine(
        ctx, tokens, {{"--password", "--host", "--analyst"}, {"--json", "--quiet", "--write", "--ignore-manifest"}},
        {2, Positional::kAny, "ingest needs a CASE and at least one evidence PATH"}, rc);
    if (!args)
        return rc;
    auto db = openCaseToWrite(ctx, *args, rc);
    if (!db)
        return rc;

    ingest::IngestOptions options;
    // The user's passwords first, then the defaults ("infected").
    const auto userPasswords = args->values("--password");
    options.passwords.insert(options.passwords.begin(), userPasswords.begin(), userPasswords.end());
    options.host = args->value("--host").value_or("");
    const auto parsers = ingest::defaultParsers();
    auto pipeline = ingest::Pipeline::create(*db, parsers, options);
    if (!pipeline)
        return reportError(ctx, pipeline.error());

    TerminalProgress progress(stderr, args->flag("--json") || args->flag("--quiet"));
    std::vector<ingest::SourceReport> reports;
    bool anyFailed = false, anyPartial = false, anyMissing = false;
    for (std::size_t i = 1; i < args->positional().size(); ++i) {
        if (ctx.stop.stop_requested())
            break;
        auto report = (*pipeline)->ingest(args->positional()[i], ctx.stop, progress);
        progress.done();
        if (!report) {
            ctx.err << "harrier-cli: " << report.error().message << "\n";
            anyMissing = true;
            continue;
        }
        anyFailed |= report->status == casestore::SourceStatus::Failed;
        anyPartial |= report->status == casestore::SourceStatus::Partial || report->errors > 0;
        reports.push_back(*report);
    }
    if (auto r = (*pipeline)->finish(); !r)
        return reportError(ctx, r.error());

    casestore::CaseReader reader(*db);
    auto sources = reader.sources();
    if (!sources)
        return reportError(ctx, sources.error());
    nlohmann::json out = nlohmann::json::array();
    for (const auto &report : reports) {
        const casestore::SourceSummary *summary = nullptr;
        for (const auto &s : *sources)
            if (s.source.id == report.sourceId)
                summary = &s;
        if (!summary)
            continue;
        if (args->flag("--json")) {
            out.push_back({{"source_id", report.sourceId},
                           {"path", report.path},
                           {"status", casestore::toString(report.status)},
                           {"reason", report.reason},
                           {"sha256", report.sha256},
                           {"items", report.items},
                           {"bytes", report.bytes},
                           {"errors", summary->errorCount},
                           {"warnings", summary->warningCount},
                           {"seconds", report.seconds},
                           {"source_counts", countsJson(summary->counts)},
                           {"all_containers", countsJson(summary->totals)}});
        } else {
            const auto &t = summary->totals;
            ctx.out << "Source " << report.sourceId << ": " << report.path << "\n"
                    << "  status:   " << casestore::toString(report.status)
                    << (report.reason.empty() ? "" : " (" + report.reason + ")") << "\n"
                    << "  items:    seen " << t.seen << ", stored " << t.stored << ", failed " << t.failed
                    << (t.reconciles() ? "  [reconciles]" : "  [DOES NOT RECONCILE]") << "\n"
                    << "  read:     " << humanBytes(report.bytes) << " in " << report.seconds << " s\n"
                    << "  errors:   " << summary->errorCount << ", warnings: " << summary->warningCount
                    << (summary->errorCount + summary->warningCount ? "  (harrier-cli errors CASE)" : "") << "\n";
            if (!report.sha256.empty())
                ctx.out << "  sha256:   " << report.sha256 << "\n";
        }
    }
    if (args->flag("--json"))
        ctx.out << dumpJson(out) << "\n";
    if (ctx.stop.stop_requested())
        ctx.err << "harrier-cli: stopped; everything stored before the stop is kept, the source is marked partial\n";
    if (anyMissing && reports.empty())
        return kExitInputFailed;
    if (anyFailed && reports.size() == 1)
        return kExitInputFailed;
    if (anyFailed || anyPartial || anyMissing || ctx.stop.stop_requested())
        return kExitPartial;
    return kExitOk;
}

}  // namespace harrier::cli
