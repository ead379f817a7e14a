// Who the analyst is, and whether a case is theirs to change: a colleague's
// case opens read-only unless --write says otherwise, and an older case that
// is not yours is never migrated in place (`case upgrade` makes a copy).
#include <cstdlib>

#include "casestore/audit_log.h"
#include "cli/commands.h"

namespace harrier::cli {

std::string currentAnalyst(const Args &args) {
    if (auto a = args.value("--analyst"); a && !a->empty())
        return *a;
    for (const char *var : {"HARRIER_ANALYST", "USER"})
        if (const char *v = std::getenv(var); v && *v)
            return v;
    return "analyst";
}

casestore::OpenOptions openOptions(const Args &args) {
    casestore::OpenOptions o;
    o.ignoreManifest = args.flag("--ignore-manifest");
    return o;
}

std::unique_ptr<casestore::CaseDb> openCaseForWriting(Context &ctx, const std::string &path, const Args &args,
                                                      int &exitCode) {
    const std::string analyst = currentAnalyst(args);
    auto options = openOptions(args);
    bool mine = false;
    bool older = false;
    std::string owner;
    {
        // Peek read-only first: deciding must not change the file.
        auto peek = openCase(ctx, path, casestore::OpenMode::ReadOnly, options, exitCode);
        if (!peek)
            return nullptr;
        auto isMine = casestore::AuditLog(*peek).isAnalystOfCase(analyst);
        if (!isMine) {
            exitCode = reportError(ctx, isMine.error());
            return nullptr;
        }
        mine = *isMine;
        older = peek->olderSchema();
        owner = peek->info().createdBy;
    }
    if (!mine && older) {
        ctx.err << "harrier-cli: case " << path << " (created by " << owner
                << ") has an older schema and is not yours (you are " << analyst
                << "), so it is not migrated in place. Make a migrated copy and work on that:\n"
                << "  harrier-cli case upgrade " << path << " COPY.hcase\n";
        exitCode = kExitCaseRefused;
        return nullptr;
    }
    if (!mine && !args.flag("--write")) {
        ctx.err << "harrier-cli: case " << path << " belongs to " << owner << ", not to you (" << analyst
                << "): it is open read-only. Pass --write to change it anyway, or work on your own copy and "
                   "bring the annotations over with 'harrier-cli case merge'.\n";
        exitCode = kExitCaseRefused;
        return nullptr;
    }
    options.migrate = mine;
    auto db = openCase(ctx, path, casestore::OpenMode::ReadWrite, options, exitCode);
    if (db)
        db->setAnalyst(analyst);
    return db;
}

}  // namespace harrier::cli
