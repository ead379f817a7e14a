#pragma once
/// The command implementations behind harrier-cli, one file each.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "casestore/case_db.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/command_start.h"

namespace harrier::cli {

int cmdCaseNew(const std::vector<std::string> &tokens, Context &ctx);
int cmdCaseInfo(const std::vector<std::string> &tokens, Context &ctx);
int cmdIngest(const std::vector<std::string> &tokens, Context &ctx);
int cmdStats(const std::vector<std::string> &tokens, Context &ctx);
int cmdErrors(const std::vector<std::string> &tokens, Context &ctx);
int cmdTimeline(const std::vector<std::string> &tokens, Context &ctx);
int cmdEmails(const std::vector<std::string> &tokens, Context &ctx);
int cmdShow(const std::vector<std::string> &tokens, Context &ctx);
int cmdScan(const std::vector<std::string> &tokens, Context &ctx);
int cmdHits(const std::vector<std::string> &tokens, Context &ctx);
int cmdDemo(const std::vector<std::string> &tokens, Context &ctx);
int cmdAnnotate(const std::vector<std::string> &tokens, Context &ctx);
int cmdCaseExport(const std::vector<std::string> &tokens, Context &ctx);
int cmdCaseMerge(const std::vector<std::string> &tokens, Context &ctx);
int cmdCaseUpgrade(const std::vector<std::string> &tokens, Context &ctx);
int cmdReport(const std::vector<std::string> &tokens, Context &ctx);
int cmdFindings(const std::vector<std::string> &tokens, Context &ctx);

// Shared helpers.
int usageError(Context &ctx, const std::string &message);
int reportError(Context &ctx, const Error &error);
/// The analyst: --analyst, else $HARRIER_ANALYST, else $USER.
std::string currentAnalyst(const Args &args);
/// --ignore-manifest as open options.
casestore::OpenOptions openOptions(const Args &args);
/// Opens a case read-write as the current analyst, when it is theirs or
/// --write is given; an older case that is not theirs is refused (upgrade a copy).
std::unique_ptr<casestore::CaseDb> openCaseForWriting(Context &ctx, const std::string &path, const Args &args,
                                                      int &exitCode);
/// A whole decimal integer, or nullopt.
std::optional<std::int64_t> parseInteger(const std::string &text);
/// JSON text tolerant of invalid UTF-8 from evidence.
std::string dumpJson(const nlohmann::json &j, int indent = 2);

}  // namespace harrier::cli
