#include "cli/command_start.h"

#include <unistd.h>

#include <filesystem>

#include "base/logging.h"
#include "cli/commands.h"

namespace harrier::cli {

std::optional<Args> parseCommandLine(Context &ctx, const std::vector<std::string> &tokens, OptionSpec spec,
                                     const Positional &positional, int &exitCode) {
    spec.withValue.insert("--log-level");
    auto args = Args::parse(tokens, spec);
    if (!args) {
        exitCode = usageError(ctx, args.error().message);
        return std::nullopt;
    }
    const std::size_t n = args->positional().size();
    if (n < positional.min || n > positional.max) {
        exitCode = usageError(ctx, positional.usage);
        return std::nullopt;
    }
    return std::move(*args);
}

void setupLogging(const Args &args, const std::string &casePath) {
    if (auto level = args.value("--log-level"))
        logging::setLevel(*level);
    if (!casePath.empty()) {
        const auto dir = std::filesystem::path(casePath).parent_path();
        // Only beside a case we may write to; a read-only case gets no log file.
        if (::access((dir.empty() ? "." : dir.c_str()), W_OK) == 0)
            logging::addLogFile(casePath + ".log");
    }
}

std::unique_ptr<casestore::CaseDb> openCase(Context &ctx, const std::string &path, casestore::OpenMode mode,
                                            const casestore::OpenOptions &options, int &exitCode) {
    auto db = casestore::CaseDb::open(path, mode, options);
    if (!db) {
        ctx.err << "harrier-cli: " << db.error().message << "\n";
        exitCode = kExitCaseRefused;
        return nullptr;
    }
    return std::move(*db);
}

std::unique_ptr<casestore::CaseDb> openCaseToRead(Context &ctx, const Args &args, int &exitCode) {
    setupLogging(args, {});
    return openCase(ctx, args.positional().at(0), casestore::OpenMode::ReadOnly, openOptions(args), exitCode);
}

std::unique_ptr<casestore::CaseDb> openCaseToWrite(Context &ctx, const Args &args, int &exitCode) {
    const std::string &path = args.positional().at(0);
    // No log file beside a case that is not there: the open below refuses it,
    // and a stray CASE.log would look like a case was once started there.
    std::error_code ec;
    setupLogging(args, std::filesystem::is_regular_file(path, ec) ? path : std::string{});
    return openCaseForWriting(ctx, path, args, exitCode);
}

}  // namespace harrier::cli
