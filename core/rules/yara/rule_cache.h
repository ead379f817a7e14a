#pragma once
/// On-disk cache of compiled rule packs. Compiled YARA rules are bytecode
/// that libyara trusts, so only files this cache wrote are ever loaded: the
/// folder must be ours (created 0700, owned by us, not group/other
/// writable), the file must be a regular file we own, carry our header, the
/// key it is looked up by, and a payload whose SHA-256 matches its manifest.

#include <optional>
#include <string>

#include "base/result.h"
#include "rules/yara/rule_pack.h"

namespace harrier::rules::yara {

class RuleCache {
public:
    /// Creates the folder when missing; fails when it exists but is not safe.
    static Result<RuleCache> open(const std::string &dir);
    static std::string defaultDir();

    const std::string &dir() const { return m_dir; }
    std::string pathFor(const std::string &key) const;

    /// The cached pack for this key, or nullopt (missing, stale include,
    /// foreign or corrupt file: all treated as a miss, never loaded).
    std::optional<RulePack> load(const std::string &key, std::string *whyMiss = nullptr) const;
    Result<void> store(const std::string &key, const RulePack &pack) const;

    /// The source-stat index: maps a key over the sources' stat data (path,
    /// device, inode, size, mtime, ctime) to the content key, so a cached
    /// load need not read and hash every source. It only says which cache
    /// file to try: that file is verified by load() exactly as before.
    std::optional<std::string> lookupStatKey(const std::string &statKey) const;
    void storeStatKey(const std::string &statKey, const std::string &contentKey) const;

private:
    explicit RuleCache(std::string dir) : m_dir(std::move(dir)) {}
    std::string m_dir;
};

}  // namespace harrier::rules::yara
