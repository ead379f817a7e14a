// Sharing a case with colleagues: `annotate`, `case export`, `case merge`,
// `case upgrade`. The work is in casestore (CaseExporter, AnnotationMerge);
// these parse options, decide ownership and print results.
#include "casestore/annotation_merge.h"
#include "casestore/annotations.h"
#include "casestore/case_export.h"
#include "cli/commands.h"
#include "harrier/version.h"

namespace harrier::cli {

namespace {

nlohmann::json annotationJson(const casestore::Annotation &a) {
    return {{"uuid", a.uuid},       {"target_kind", casestore::toString(a.targetKind)},
            {"target_id", a.targetId}, {"kind", casestore::toString(a.kind)},
            {"value", a.value},     {"analyst", a.analyst},
            {"created_at", a.createdAt.toIso8601()}};
}

}  // namespace

int cmdAnnotate(const std::vector<std::string> &tokens, Context &ctx) {
    int rc = kExitOk;
    auto args = parseCommandLine(ctx, tokens,
                                 {{"--tag", "--note", "--verdict", "--analyst"},
                                  {"--event", "--bookmark", "--write", "--ignore-manifest", "--json"}},
                                 {2, 2, "annotate takes a CASE path and an ITEM_ID"}, rc);
    if (!args)
        return rc;
    const auto id = parseInteger(args->positional()[1]);
    if (!id || *id <= 0)
        return usageError(ctx, "ITEM_ID is an object id (or an event id with --event)");
    using casestore::AnnotationKind;
    std::vector<std::pair<AnnotationKind, std::string>> wanted;
    for (const auto &t : args->values("--tag"))
        wanted.emplace_back(AnnotationKind::Tag, t);
    for (const auto &n : args->values("--note"))
        wanted.emplace_back(AnnotationKind::Note, n);
    if (args->flag("--bookmark"))
        wanted.emplace_back(AnnotationKind::Bookmark, "");
    if (auto v = args->value("--verdict")) {
        if (*v != "malicious" && *v != "suspicious" && *v != "benign")
            return usageError(ctx, "--verdict is malicious, suspicious or benign");
        wanted.emplace_back(AnnotationKind::Verdict, *v);
    }
    if (wanted.empty())
        return usageError(ctx, "annotate needs at least one of --tag, --note, --bookmark, --verdict");
    auto db = openCaseToWrite(ctx, *args, rc);
    if (!db)
        return rc;
    casestore::AnnotationStore store(*db);
    const auto target = args->flag("--event") ? casestore::TargetKind::Event : casestore::TargetKind::Object;
    nlohmann::json out = nlohmann::json::array();
    for (auto &[kind, value] : wanted) {
        auto a = store.add(target, *id, kind, value);
        if (!a)
            return reportError(ctx, a.error());
        out.push_back(annotationJson(*a));
        if (!args->flag("--json"))
            ctx.out << casestore::toString(kind) << (a->value.empty() ? "" : " '" + a->value + "'") << " on "
                    << casestore::toString(target) << " " << *id << " by " << a->analyst << " (" << a->uuid << ")\n";
    }
    if (args->flag("--json"))
        ctx.out << dumpJson(out) << "\n";
    return kExitOk;
}

int cmdCaseExport(const std::vector<std::string> &tokens, Context &ctx) {
    int rc = kExitOk;
    auto args = parseCommandLine(ctx, tokens,
                                 {{"--analyst"}, {"--without-content", "--only-tagged", "--ignore-manifest", "--json"}},
                                 {2, 2, "case export takes a CASE path and an OUT.hcase path"}, rc);
    if (!args)
        return rc;
    // Schema and manifest checks only: the snapshot itself uses its own
    // read-only connection and takes no lock, so an ingest may be running.
    if (!openCaseToRead(ctx, *args, rc))
        return rc;
    const std::string casePath = args->positional()[0], outPath = args->positional()[1];
    casestore::ExportOptions options;
    options.withoutContent = args->flag("--without-content");
    options.onlyTagged = args->flag("--only-tagged");
    options.exporter = currentAnalyst(*args);
    options.harrierVersion = kVersion;
    auto summary = casestore::CaseExporter::exportCase(casePath, outPath, options);
    if (!summary)
        return reportError(ctx, summary.error());
    const auto &m = summary->manifest;
    if (args->flag("--json")) {
        ctx.out << dumpJson({{"path", summary->path},
                             {"manifest", summary->manifestPath},
                             {"sha256", m.sha256},
                             {"size", m.size},
                             {"case_uuid", m.caseUuid},
                             {"exporter", m.exporter},
                             {"exported_at", m.exportedAt.toIso8601()},
                             {"without_content", m.withoutContent},
                             {"only_tagged", m.onlyTagged},
                             {"objects", summary->objects},
                             {"events", summary->events},
                             {"annotations", summary->annotations},
                             {"hits", summary->hits},
                             {"blobs", summary->blobs}})
                << "\n";
    } else {
        ctx.out << "Exported " << casePath << " to " << summary->path << " (" << m.size << " bytes"
                << (m.withoutContent ? ", without content" : "") << (m.onlyTagged ? ", only tagged items" : "")
                << ")\n  " << summary->objects << " items, " << summary->events << " events, " << summary->hits
                << " hits, " << summary->annotations << " annotations, " << summary->blobs << " blobs\n"
                << "  SHA-256 " << m.sha256 << "\n  manifest " << summary->manifestPath << "\n";
    }
    return kExitOk;
}

int cmdCaseMerge(const std::vector<std::string> &tokens, Context &ctx) {
    int rc = kExitOk;
    auto args = parseCommandLine(ctx, tokens, {{"--analyst"}, {"--write", "--ignore-manifest", "--json"}},
                                 {2, 2, "case merge takes MINE.hcase and THEIRS.hcase"}, rc);
    if (!args)
        return rc;
    const std::string minePath = args->positional()[0], theirsPath = args->positional()[1];
    auto db = openCaseToWrite(ctx, *args, rc);
    if (!db)
        return rc;
    auto report = casestore::AnnotationMerge(*db).mergeFrom(theirsPath, args->flag("--ignore-manifest"));
    if (!report) {
        ctx.err << "harrier-cli: " << report.error().message << "\n";
        return report.error().code == ErrorCode::InvalidInput ? kExitCaseRefused : kExitError;
    }
    if (args->flag("--json")) {
        nlohmann::json j{{"theirs", report->theirsPath},
                         {"case_uuid", report->theirsUuid},
                         {"annotations_added", report->annotationsAdded},
                         {"annotations_already_present", report->annotationsAlreadyPresent},
                         {"annotations_without_target", report->annotationsWithoutTarget},
                         {"hits_added", report->hitsAdded},
                         {"hits_already_present", report->hitsAlreadyPresent},
                         {"hits_without_target", report->hitsWithoutTarget},
                         {"conflicts", nlohmann::json::array()}};
        for (const auto &c : report->conflicts) {
            nlohmann::json v = nlohmann::json::array();
            for (const auto &a : c.verdicts)
                v.push_back(annotationJson(a));
            j["conflicts"].push_back({{"target_kind", casestore::toString(c.targetKind)},
                                      {"target_id", c.targetId}, {"verdicts", v}});
        }
        ctx.out << dumpJson(j) << "\n";
        return kExitOk;
    }
    ctx.out << "Merged " << theirsPath << " into " << minePath << ": " << report->annotationsAdded
            << " annotations added, " << report->annotationsAlreadyPresent << " already present";
    if (report->annotationsWithoutTarget)
        ctx.out << ", " << report->annotationsWithoutTarget << " skipped (their items are not in this copy)";
    ctx.out << "; " << report->hitsAdded << " hits added\n";
    if (!report->conflicts.empty()) {
        ctx.out << "Conflicting verdicts (all kept):\n";
        for (const auto &c : report->conflicts) {
            ctx.out << "  " << casestore::toString(c.targetKind) << " " << c.targetId << ":";
            for (const auto &a : c.verdicts)
                ctx.out << "  " << a.value << " by " << a.analyst << " at " << a.createdAt.toIso8601();
            ctx.out << "\n";
        }
    }
    return kExitOk;
}

int cmdCaseUpgrade(const std::vector<std::string> &tokens, Context &ctx) {
    int rc = kExitOk;
    auto args =
        parseCommandLine(ctx, tokens, {{"--analyst"}, {"--json"}},
                         {2, 2, "case upgrade takes a CASE path and an OUT.hcase path for the migrated copy"}, rc);
    if (!args)
        return rc;
    // Reads CASE and writes a new file: no log file beside either.
    setupLogging(*args, {});
    const std::string casePath = args->positional()[0], outPath = args->positional()[1];
    if (auto r = casestore::CaseExporter::upgradeCopy(casePath, outPath, currentAnalyst(*args)); !r) {
        ctx.err << "harrier-cli: " << r.error().message << "\n";
        return r.error().code == ErrorCode::SchemaTooNew ? kExitCaseRefused : kExitError;
    }
    auto copy = casestore::CaseDb::open(outPath, casestore::OpenMode::ReadOnly);
    if (!copy)
        return reportError(ctx, copy.error());
    const auto &info = (*copy)->info();
    const std::string schema = std::to_string(info.schemaMajor) + "." + std::to_string(info.schemaMinor);
    if (args->flag("--json"))
        ctx.out << dumpJson({{"path", outPath}, {"schema", schema}, {"original", casePath}}) << "\n";
    else
        ctx.out << "Wrote " << outPath << ", a copy of " << casePath << " at schema " << schema
                << "; the original is unchanged.\n";
    return kExitOk;
}

}  // namespace harrier::cli
