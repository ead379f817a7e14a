#pragma once
/// The start every harrier-cli command shares, in the order the commands take
/// it: options parsed strictly (plus --log-level, which every command takes)
/// and the number of positional arguments checked; then, after the command's
/// own checks, logging set up and CASE (the first positional) opened. Each step
/// prints its message and sets `exitCode` when it fails, and returns empty.

#include <cstddef>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "casestore/case_db.h"
#include "cli/args.h"
#include "cli/cli.h"

namespace harrier::cli {

/// How many positional arguments a command takes; outside [min, max] is the
/// usage error `usage` (exit code 2).
struct Positional {
    static constexpr std::size_t kAny = std::numeric_limits<std::size_t>::max();
    std::size_t min = 0;
    std::size_t max = kAny;
    const char *usage = "";
};

/// The command's options (`spec` plus --log-level) and positional arguments.
std::optional<Args> parseCommandLine(Context &ctx, const std::vector<std::string> &tokens, OptionSpec spec,
                                     const Positional &positional, int &exitCode);

/// Sets the log level; with a case path also the log file beside it (only where we may write).
void setupLogging(const Args &args, const std::string &casePath);

/// Opens a case or reports why not (exit code 5).
std::unique_ptr<casestore::CaseDb> openCase(Context &ctx, const std::string &path, casestore::OpenMode mode,
                                            const casestore::OpenOptions &options, int &exitCode);

/// For a command that only reads: the log level (a reader leaves no log file),
/// then CASE read-only, honouring --ignore-manifest where the command takes it.
std::unique_ptr<casestore::CaseDb> openCaseToRead(Context &ctx, const Args &args, int &exitCode);

/// For a command that changes the case: the log file beside CASE, then CASE
/// read-write under the sharing rules of openCaseForWriting (--analyst,
/// --write, --ignore-manifest).
std::unique_ptr<casestore::CaseDb> openCaseToWrite(Context &ctx, const Args &args, int &exitCode);

}  // namespace harrier::cli
