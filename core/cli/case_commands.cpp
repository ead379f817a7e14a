#include <cstdlib>

#include "casestore/case_reader.h"
#include "cli/commands.h"

namespace harrier::cli {

int cmdCaseNew(const std::vector<std::string> &tokens, Context &ctx) {
    int rc = kExitOk;
    auto args = parseCommandLine(ctx, tokens, {{"--name", "--analyst"}, {"--json"}},
                                 {1, 1, "case new takes exactly one CASE path"}, rc);
    if (!args)
        return rc;
    const auto name = args->value("--name");
    if (!name)
        return usageError(ctx, "case new needs --name NAME");
    const std::string path = args->positional()[0];
    setupLogging(*args, path);
    auto db = casestore::CaseDb::create(path, *name, currentAnalyst(*args));
    if (!db)
        return reportError(ctx, db.error());
    const auto &info = (*db)->info();
    if (args->flag("--json")) {
        ctx.out << dumpJson({{"path", path}, {"uuid", info.uuid}, {"name", info.name},
                             {"created_by", info.createdBy}, {"created_at", info.createdAt.toIso8601()}})
                << "\n";
    } else {
        ctx.out << "Created case '" << info.name << "' at " << path << " (" << info.uuid << ")\n";
    }
    return kExitOk;
}

int cmdCaseInfo(const std::vector<std::string> &tokens, Context &ctx) {
    int rc = kExitOk;
    auto args = parseCommandLine(ctx, tokens, {{}, {"--json", "--ignore-manifest"}}, {1, 1, "case info takes exactly one CASE path"}, rc);
    if (!args)
        return rc;
    auto db = openCaseToRead(ctx, *args, rc);
    if (!db)
        return rc;
    const auto &info = db->info();
    casestore::CaseReader reader(*db);
    auto sources = reader.sources();
    if (!sources)
        return reportError(ctx, sources.error());
    if (args->flag("--json")) {
        nlohmann::json j{{"path", db->path()},
                         {"uuid", info.uuid},
                         {"name", info.name},
                         {"created_by", info.createdBy},
                         {"created_at", info.createdAt.toIso8601()},
                         {"schema", std::to_string(info.schemaMajor) + "." + std::to_string(info.schemaMinor)},
                         {"sources", sources->size()}};
        ctx.out << dumpJson(j) << "\n";
    } else {
        ctx.out << "Case:     " << info.name << "\n"
                << "File:     " << db->path() << "\n"
                << "UUID:     " << info.uuid << "\n"
                << "Created:  " << info.createdAt.toIso8601() << " by " << info.createdBy << "\n"
                << "Schema:   " << info.schemaMajor << "." << info.schemaMinor << "\n"
                << "Sources:  " << sources->size() << "\n";
    }
    return kExitOk;
}

}  // namespace harrier::cli
