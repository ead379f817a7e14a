#include "casestore/hit_store.h"
#include "cli/commands.h"
#include "timeline/timeline_export.h"

namespace harrier::cli {

int cmdHits(const std::vector<std::string> &tokens, Context &ctx) {
    int rc = kExitOk;
    auto args = parseCommandLine(ctx, tokens, {{"--rule-set", "--pack"}, {"--json", "--csv", "--all-versions", "--ignore-manifest"}},
                                 {1, 1, "hits takes exactly one CASE path"}, rc);
    if (!args)
        return rc;
    auto db = openCaseToRead(ctx, *args, rc);
    if (!db)
        return rc;
    casestore::HitStore store(*db);
    casestore::HitFilter filter;
    filter.ruleSet = args->value("--rule-set").value_or("");
    filter.ruleSetHash = args->value("--pack").value_or("");
    // Older versions of a pack are shown only when asked for, and always labelled.
    filter.latestOnly = !args->flag("--all-versions");
    auto hits = store.list(filter);
    auto versions = store.versions();
    if (!hits)
        return reportError(ctx, hits.error());
    if (!versions)
        return reportError(ctx, versions.error());
    if (args->flag("--json")) {
        nlohmann::json j;
        j["rule_set_versions"] = nlohmann::json::array();
        for (const auto &v : *versions)
            j["rule_set_versions"].push_back({{"rule_set", v.ruleSet}, {"rule_set_hash", v.ruleSetHash},
                                              {"hits", v.hits}, {"last_run", v.lastRun.toIso8601()},
                                              {"latest", v.latest}});
        j["hits"] = nlohmann::json::array();
        for (const auto &h : *hits) {
            nlohmann::json details = nlohmann::json::parse(h.detailsJson, nullptr, false);
            j["hits"].push_back({{"uuid", h.uuid}, {"object_id", h.objectId}, {"event_id", h.eventId},
                                 {"rule_id", h.ruleId}, {"rule_set", h.ruleSet}, {"rule_set_hash", h.ruleSetHash},
                                 {"severity", h.severity}, {"explanation", h.explanation},
                                 {"details", details.is_discarded() ? nlohmann::json() : details},
                                 {"created_at", h.createdAt.toIso8601()}});
        }
        ctx.out << dumpJson(j) << "\n";
        return kExitOk;
    }
    if (args->flag("--csv")) {
        ctx.out << "uuid,object_id,event_id,rule_set,rule_set_hash,rule_id,severity,explanation,created_at\n";
        for (const auto &h : *hits)
            ctx.out << h.uuid << "," << h.objectId << "," << h.eventId << "," << timeline::csvEscape(h.ruleSet) << ","
                    << h.ruleSetHash << "," << timeline::csvEscape(h.ruleId) << "," << h.severity << ","
                    << timeline::csvEscape(h.explanation) << "," << h.createdAt.toIso8601() << "\n";
        return kExitOk;
    }
    for (const auto &v : *versions)
        ctx.out << "# " << v.ruleSet << " pack " << v.ruleSetHash.substr(0, 16) << ": " << v.hits << " hits, last run "
                << v.lastRun.toIso8601() << (v.latest ? " (latest)" : " (older version, use --all-versions)") << "\n";
    for (const auto &h : *hits)
        ctx.out << h.objectId << "\t" << h.severity << "\t" << h.ruleSet << "\t" << h.ruleId << "\t" << h.explanation
                << "\n";
    return kExitOk;
}

}  // namespace harrier::cli
