#pragma once
/// One spdlog logger per module, all writing to the same sinks: stderr and,
/// once a case is open, a log file next to it.

#include <memory>
#include <string>
#include <string_view>

#include <spdlog/logger.h>

namespace harrier::logging {

/// Logger for a module ("casestore", "ingest", ...). Created on first use.
std::shared_ptr<spdlog::logger> get(std::string_view module);

/// "trace", "debug", "info", "warn", "error", "off".
bool setLevel(std::string_view level);

/// Adds a file sink (appending) to every current and future logger.
void addLogFile(const std::string &path);

}  // namespace harrier::logging
