#include "cli/cli.h"

#include <csignal>
#include <iostream>
#include <pthread.h>
#include <thread>
#include <unistd.h>

#include "base/logging.h"
#include "base/runtime_versions.h"
#include "casestore/case_db.h"
#include "cli/commands.h"
#include "harrier/version.h"

namespace harrier::cli {

namespace {

constexpr const char *kHelp = R"(harrier-cli — incident-response triage, headless

Usage:
  harrier-cli case new CASE --name NAME [--analyst NAME]
  harrier-cli case info CASE
  harrier-cli ingest CASE PATH... [--password P]... [--host NAME]
  harrier-cli stats CASE
  harrier-cli errors CASE [--source ID]
  harrier-cli timeline CASE [filters] [--format csv|jsonl|timesketch] [--out FILE]
        filters: --from TIME --to TIME --source ID --type T --desc D --host H
                 --user U --search TEXT --tag T --has-hit --min-severity N
                 --around EVENT_ID [--minutes N] --limit N --histogram
  harrier-cli emails CASE [--source ID]
  harrier-cli show CASE OBJECT_ID
  harrier-cli scan CASE [--yara PATH]... [--ioc PATH]... [--threads N] [--json]
        YARA: [--timeout SECONDS] [--max-size BYTES] [--skip GLOB]... [--no-cache]
              [--cache-dir DIR]; content comes from the case (no re-ingest)
        IOC:  [--known-good FILE]... [--allow-domain FILE]...
        Built-in analyzers run by default (after YARA/IOC): [--no-analyzers]
              [--no-analyzer ID]... [--analyzer ID]... (only these)
              [--protected-domain DOMAIN]... [--protected-domains FILE]...
              [--campaign-min-messages N] [--campaign-min-recipients N]
              [--post-min-requests N]; list them with --list-analyzers
  harrier-cli hits CASE [--json|--csv] [--rule-set yara|ioc|harrier-analyzers] [--pack HASH] [--all-versions]
  harrier-cli findings CASE [--format csv|jsonl|timesketch] [--out FILE]
  harrier-cli report CASE --pdf OUT.pdf [--html OUT.html] [--marking "TLP:AMBER"]
  harrier-cli annotate CASE ITEM_ID [--event] [--tag T]... [--note TEXT]... [--bookmark]
        [--verdict malicious|suspicious|benign]
  harrier-cli case export CASE OUT.hcase [--without-content] [--only-tagged]
  harrier-cli case merge MINE.hcase THEIRS.hcase
  harrier-cli case upgrade CASE OUT.hcase
  harrier-cli demo [DIR] [--rules DIR]
        generates a demo scenario (mailbox + endpoint collection) in DIR
        (default ~/.local/share/Harrier/demo), builds DIR/demo.hcase from it,
        scans it with the default rule packs and writes DIR/demo-summary.pdf
  harrier-cli --version   version of Harrier and of the libraries it runs with

Sharing: the analyst is --analyst, else $HARRIER_ANALYST, else $USER. A case
is yours when you created it or the audit log has your actions; ingest, scan,
annotate and case merge refuse a colleague's case unless --write is given, and never
migrate an older one in place (case upgrade makes a migrated copy). An
exported case has OUT.hcase.manifest.json beside it; a case that does not
match its manifest is refused unless --ignore-manifest is given.

Every command takes --log-level LEVEL (trace, debug, info, warn, error, off;
default warn); every one that prints a result takes --json (findings uses
--format, demo writes files). A command that changes a case writes a log file
next to it (CASE.log). Ctrl-C stops an ingest cleanly and keeps what
was stored; a second Ctrl-C quits at once.

Exit codes: 0 ok, 1 unexpected error, 2 usage error, 3 the evidence could
not be read at all, 4 partial ingest (stopped, or some items failed),
5 the case cannot be opened (not a case, newer schema, locked).
)";

}  // namespace

int runCommand(const std::vector<std::string> &args, Context &ctx) {
    if (args.empty()) {
        ctx.err << kHelp;
        return kExitUsage;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        ctx.out << kHelp;
        return kExitOk;
    }
    if (args[0] == "--version") {
        ctx.out << "harrier-cli " << kVersion << "\n";
        for (const auto &[library, version] : runtimeVersions())
            ctx.out << "  " << library << " " << version << "\n";
        return kExitOk;
    }
    const std::string &cmd = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (cmd == "case") {
        if (rest.empty())
            return usageError(ctx, "case needs a subcommand: new, info, export, merge, upgrade");
        const std::vector<std::string> sub(rest.begin() + 1, rest.end());
        if (rest[0] == "new")
            return cmdCaseNew(sub, ctx);
        if (rest[0] == "info")
            return cmdCaseInfo(sub, ctx);
        if (rest[0] == "export")
            return cmdCaseExport(sub, ctx);
        if (rest[0] == "merge")
            return cmdCaseMerge(sub, ctx);
        if (rest[0] == "upgrade")
            return cmdCaseUpgrade(sub, ctx);
        return usageError(ctx, "unknown case subcommand: " + rest[0]);
    }
    if (cmd == "ingest")
        return cmdIngest(rest, ctx);
    if (cmd == "stats")
        return cmdStats(rest, ctx);
    if (cmd == "errors")
        return cmdErrors(rest, ctx);
    if (cmd == "timeline")
        return cmdTimeline(rest, ctx);
    if (cmd == "emails")
        return cmdEmails(rest, ctx);
    if (cmd == "show")
        return cmdShow(rest, ctx);
    if (cmd == "scan")
        return cmdScan(rest, ctx);
    if (cmd == "hits")
        return cmdHits(rest, ctx);
    if (cmd == "demo")
        return cmdDemo(rest, ctx);
    if (cmd == "annotate")
        return cmdAnnotate(rest, ctx);
    if (cmd == "report")
        return cmdReport(rest, ctx);
    if (cmd == "findings")
        return cmdFindings(rest, ctx);
    return usageError(ctx, "unknown command: " + cmd);
}

int main(int argc, char **argv) {
    // Signals go to one waiting thread, which asks the job to stop; core code
    // never runs inside a signal handler.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::stop_source stopSource;
    std::thread([set, &stopSource]() mutable {
        int sig = 0;
        sigwait(&set, &sig);
        stopSource.request_stop();
        static const char kMsg[] = "\nstopping: finishing the current item and keeping what was stored "
                                   "(Ctrl-C again to quit at once)\n";
        (void)!::write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
        sigwait(&set, &sig);
        std::_Exit(130);
    }).detach();

    std::vector<std::string> args(argv + 1, argv + argc);
    Context ctx{std::cout, std::cerr, stopSource.get_token()};
    const int rc = runCommand(args, ctx);
    std::cout.flush();
    return rc;
}

}  // namespace harrier::cli
