#pragma once
/// Versions of the libraries Harrier runs with, for `--version` and the GUI's
/// About dialog: a bug report is only useful when it says which SQLite,
/// libyara and libarchive read the evidence.

#include <string>
#include <utility>
#include <vector>

namespace harrier {

/// (library name, version) pairs: SQLite and libarchive as loaded at run
/// time, libyara as built against (libyara has no run-time version call; its
/// soname pins the major version). The GUI adds Qt's own.
std::vector<std::pair<std::string, std::string>> runtimeVersions();

}  // namespace harrier
