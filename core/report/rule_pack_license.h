#pragma once
/// Which license a rule pack comes under, and the attribution it requires,
/// detected from where the rules were loaded and from their metadata. Some
/// public packs (signature-base: Detection Rule License 1.1) require
/// attribution in any report that uses them.

#include <map>
#include <string>
#include <vector>

namespace harrier::report {

struct PackLicense {
    std::string license;      ///< empty when nothing says
    std::string attribution;  ///< notice to print, empty when none is required
    std::string version;      ///< a version declared in rule metadata, if any
};

/// paths: rule files of the pack; metas: `meta` of matched rules.
PackLicense detectPackLicense(const std::vector<std::string> &paths,
                              const std::vector<std::map<std::string, std::string>> &metas);

}  // namespace harrier::report
