#include "casestore/case_reader.h"
#include "cli/commands.h"

namespace harrier::cli {

int cmdStats(const std::vector<std::string> &tokens, Context &ctx) {
    int rc = kExitOk;
    auto args = parseCommandLine(ctx, tokens, {{}, {"--json", "--ignore-manifest"}}, {1, 1, "stats takes exactly one CASE path"}, rc);
    if (!args)
        return rc;
    auto db = openCaseToRead(ctx, *args, rc);
    if (!db)
        return rc;
    casestore::CaseReader reader(*db);
    auto stats = reader.stats();
    auto sources = reader.sources();
    if (!stats)
        return reportError(ctx, stats.error());
    if (!sources)
        return reportError(ctx, sources.error());

    if (args->flag("--json")) {
        nlohmann::json j;
        j["case"] = {{"name", db->info().name}, {"uuid", db->info().uuid}, {"path", db->path()}};
        j["objects"] = stats->objects;
        j["objects_by_kind"] = stats->objectsByKind;
        j["events"] = stats->events;
        j["ingest_errors"] = stats->ingestErrors;
        j["ingest_warnings"] = stats->ingestWarnings;
        j["blobs"] = stats->blobs;
        j["blob_bytes_stored"] = stats->blobBytesStored;
        j["hits"] = stats->hits;
        j["observables"] = stats->observables;
        if (stats->firstEvent)
            j["first_event"] = stats->firstEvent->toIso8601();
        if (stats->lastEvent)
            j["last_event"] = stats->lastEvent->toIso8601();
        j["sources"] = nlohmann::json::array();
        for (const auto &s : *sources) {
            auto status = std::string(casestore::toString(s.source.status));
            if (s.interrupted)
                status = "partial";
            j["sources"].push_back({
                {"id", s.source.id},
                {"name", s.source.displayName},
                {"path", s.source.originalPath},
                {"kind", s.source.kind},
                {"status", status},
                {"status_reason", s.interrupted ? "interrupted: no process is ingesting it" : s.source.statusReason},
                {"size", s.source.size ? nlohmann::json(*s.source.size) : nlohmann::json()},
                {"sha256", s.source.sha256},
                {"added_by", s.source.addedBy},
                {"added_at", s.source.addedAt.toIso8601()},
                {"seen", s.totals.seen},
                {"stored", s.totals.stored},
                {"failed", s.totals.failed},
                {"reconciles", s.totals.reconciles()},
                {"errors", s.errorCount},
                {"warnings", s.warningCount},
            });
        }
        ctx.out << dumpJson(j) << "\n";
        return kExitOk;
    }
    ctx.out << "Case " << db->info().name << " (" << db->path() << ")\n"
            << "  objects:  " << stats->objects << "\n";
    for (const auto &[kind, n] : stats->objectsByKind)
        ctx.out << "    " << kind << ": " << n << "\n";
    ctx.out << "  events:   " << stats->events;
    if (stats->firstEvent)
        ctx.out << " (" << stats->firstEvent->toIso8601() << " .. " << stats->lastEvent->toIso8601() << ")";
    ctx.out << "\n  blobs:    " << stats->blobs << " (" << stats->blobBytesStored << " bytes stored)\n"
            << "  errors:   " << stats->ingestErrors << ", warnings: " << stats->ingestWarnings << "\n"
            << "  hits:     " << stats->hits << "\n  sources:\n";
    for (const auto &s : *sources)
        ctx.out << "    [" << s.source.id << "] " << s.source.displayName << "  "
                << (s.interrupted ? "partial (interrupted)" : casestore::toString(s.source.status)) << "  seen "
                << s.totals.seen << " = stored " << s.totals.stored << " + failed " << s.totals.failed
                << (s.totals.reconciles() ? "" : "  DOES NOT RECONCILE") << "\n";
    return kExitOk;
}

int cmdErrors(const std::vector<std::string> &tokens, Context &ctx) {
    int rc = kExitOk;
    auto args =
        parseCommandLine(ctx, tokens, {{"--source"}, {"--json", "--ignore-manifest"}}, {1, 1, "errors takes exactly one CASE path"}, rc);
    if (!args)
        return rc;
    auto db = openCaseToRead(ctx, *args, rc);
    if (!db)
        return rc;
    const auto source = parseInteger(args->value("--source").value_or("0"));
    if (!source)
        return usageError(ctx, "--source takes a source id");
    auto errors = casestore::CaseReader(*db).errors(*source);
    if (!errors)
        return reportError(ctx, errors.error());
    nlohmann::json j = nlohmann::json::array();
    for (const auto &e : *errors) {
        const char *sev = e.severity == casestore::ErrorSeverity::Warning ? "warning" : "error";
        if (args->flag("--json"))
            j.push_back({{"source_id", e.sourceId}, {"container_id", e.containerId}, {"path", e.path},
                         {"offset", e.offset ? nlohmann::json(*e.offset) : nlohmann::json()},
                         {"severity", sev}, {"reason", e.reason}, {"at", e.at.toIso8601()}});
        else
            ctx.out << sev << "\t" << e.path << "\t" << e.reason << "\n";
    }
    if (args->flag("--json"))
        ctx.out << dumpJson(j) << "\n";
    return kExitOk;
}

}  // namespace harrier::cli
