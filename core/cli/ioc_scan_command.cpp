#include "cli/commands.h"

namespace harrier::cli {

int runIocScan(const Args &, casestore::CaseDb &, Context &ctx, nlohmann::json &, bool) {
    ctx.err << "harrier-cli: IOC scanning is not built yet\n";
    return kExitError;
}

}  // namespace harrier::cli
