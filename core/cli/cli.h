#pragma once
/// harrier-cli: the headless front end over the same core as the GUI.

#include <ostream>
#include <stop_token>
#include <string>
#include <vector>

namespace harrier::cli {

/// Documented in the README and `harrier-cli --help`.
enum ExitCode : int {
    kExitOk = 0,
    kExitError = 1,        ///< unexpected failure (I/O, database)
    kExitUsage = 2,        ///< bad command line
    kExitInputFailed = 3,  ///< the evidence could not be read at all
    kExitPartial = 4,      ///< ingest stopped or some items failed
    kExitCaseRefused = 5,  ///< the case cannot be opened (not a case, newer schema, locked)
};

struct Context {
    std::ostream &out;
    std::ostream &err;
    std::stop_token stop;
};

/// Runs one command line (without the program name).
int runCommand(const std::vector<std::string> &args, Context &ctx);

/// The whole program: signal handling (Ctrl-C stops cleanly), then runCommand.
int main(int argc, char **argv);

}  // namespace harrier::cli
