#pragma once
/// A loaded YARA rule pack: compiled rules plus the per-file compile report
/// and the hash that identifies this exact version of the sources.

#include <cstdint>
#include <string>
#include <vector>

#include "rules/yara/compiled_rules.h"

namespace harrier::rules::yara {

struct CompileMessage {
    std::string file;  ///< the file the message is about (an include, maybe)
    int line = 0;
    std::string message;
};

struct FileCompileResult {
    std::string path;       ///< as found on disk
    std::string ns;         ///< YARA namespace: path relative to the pack root given
    std::string sha256;     ///< of the file's bytes
    bool ok = false;        ///< compiled on its own and is part of the pack
    std::vector<CompileMessage> errors;
    std::vector<CompileMessage> warnings;
};

struct SourceHash {
    std::string path;
    std::string sha256;
};

struct RulePackReport {
    std::vector<FileCompileResult> files;
    std::vector<SourceHash> includes;  ///< every file pulled in by `include`
    std::size_t filesOk = 0;
    std::size_t filesFailed = 0;
    std::size_t rules = 0;
    bool fromCache = false;
    std::string cachePath;  ///< where the compiled pack is cached, when it is
};

struct RulePack {
    CompiledRules rules;
    std::string hash;  ///< SHA-256 over the sources (top-level and includes), externals and yara version
    RulePackReport report;
};

}  // namespace harrier::rules::yara
