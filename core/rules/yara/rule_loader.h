#pragma once
/// Loads YARA rules from files and folders (recursive): every file is first
/// compiled on its own, so one broken file is reported (with line numbers)
/// and left out while the rest of the pack loads; then the good files are
/// compiled together, each in its own namespace (its path relative to the
/// root given) so two files may reuse a rule name. Includes are resolved
/// relative to the including file. The compiled pack is cached by source hash.

#include <string>
#include <vector>

#include "base/result.h"
#include "rules/yara/rule_pack.h"

namespace harrier::rules::yara {

struct LoadOptions {
    bool useCache = true;
    std::string cacheDir;  ///< empty: $XDG_CACHE_HOME/harrier/yara or ~/.cache/harrier/yara
};

class RuleLoader {
public:
    /// The external variables every rule may use (LOKI/THOR set plus md5).
    static const std::vector<std::string> &externalNames();
    /// Rule files under the given paths: files as given, folders walked for
    /// *.yar / *.yara (symlinks not followed), sorted.
    static Result<std::vector<std::pair<std::string, std::string>>> collect(const std::vector<std::string> &paths);
    static Result<RulePack> load(const std::vector<std::string> &paths, const LoadOptions &options = {});
};

}  // namespace harrier::rules::yara
