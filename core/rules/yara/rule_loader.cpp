#include "rules/yara/rule_loader.h"

#include <sys/stat.h>
#include <time.h>
#include <yara.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "base/hashing.h"
#include "rules/yara/rule_cache.h"
#include "rules/yara/yara_library.h"

namespace harrier::rules::yara {

namespace fs = std::filesystem;

namespace {

bool readText(const std::string &path, std::string &out) {
    // One read of the known size: istreambuf_iterator went byte by byte.
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in)
        return false;
    const std::streamoff size = in.tellg();
    if (size < 0)
        return false;
    out.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    return static_cast<bool>(in.read(out.data(), static_cast<std::streamsize>(out.size())));
}

bool isRuleFile(const fs::path &p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".yar" || ext == ".yara";
}

/// State shared with libyara's C callbacks during one compile.
struct CompileContext {
    std::string topPath;  ///< the top-level file being added
    std::vector<CompileMessage> errors, warnings;
    /// Include name as written -> resolved path. libyara reports nested
    /// includes by the name as written, so this is how a nested relative
    /// include finds its directory (the same rule the yara CLI follows).
    std::map<std::string, std::string> resolved;
    std::vector<SourceHash> includes;
    std::set<std::string> includeFailures;
};

std::string displayName(CompileContext &ctx, const char *fileName) {
    if (!fileName)
        return ctx.topPath;
    if (auto it = ctx.resolved.find(fileName); it != ctx.resolved.end())
        return it->second;
    return fileName;
}

void compilerCallback(int level, const char *fileName, int line, const YR_RULE *, const char *message, void *user) {
    auto *ctx = static_cast<CompileContext *>(user);
    CompileMessage m{displayName(*ctx, fileName), line, message ? message : ""};
    (level == YARA_ERROR_LEVEL_WARNING ? ctx->warnings : ctx->errors).push_back(std::move(m));
}

const char *includeCallback(const char *includeName, const char *callingFile, const char *, void *user) {
    auto *ctx = static_cast<CompileContext *>(user);
    fs::path base;
    if (callingFile) {
        auto it = ctx->resolved.find(callingFile);
        base = fs::path(it != ctx->resolved.end() ? it->second : std::string(callingFile)).parent_path();
    } else {
        base = fs::path(ctx->topPath).parent_path();
    }
    fs::path target(includeName);
    if (target.is_relative())
        target = base / target;
    const std::string resolved = target.lexically_normal().string();
    std::string content;
    if (!readText(resolved, content)) {
        ctx->includeFailures.insert(resolved);
        return nullptr;  // libyara reports "can't open include file"
    }
    ctx->resolved[includeName] = resolved;
    ctx->includes.push_back({resolved, sha256Hex(asBytes(content))});
    char *copy = static_cast<char *>(std::malloc(content.size() + 1));
    if (!copy)
        return nullptr;
    std::memcpy(copy, content.data(), content.size());
    copy[content.size()] = '\0';
    return copy;
}

void includeFree(const char *ptr, void *) { std::free(const_cast<char *>(ptr)); }

struct CompilerHandle {
    YR_COMPILER *c = nullptr;
    ~CompilerHandle() {
        if (c)
            yr_compiler_destroy(c);
    }
};

Result<void> prepareCompiler(CompilerHandle &h, CompileContext &ctx) {
    if (yr_compiler_create(&h.c) != ERROR_SUCCESS)
        return makeError(ErrorCode::Internal, "cannot create a YARA compiler");
    yr_compiler_set_callback(h.c, compilerCallback, &ctx);
    yr_compiler_set_include_callback(h.c, includeCallback, includeFree, &ctx);
    // Every external is declared (empty string) at compile time, so rules
    // written for LOKI/THOR compile; real values are set per scanned file.
    for (const auto &name : RuleLoader::externalNames())
        if (yr_compiler_define_string_variable(h.c, name.c_str(), "") != ERROR_SUCCESS)
            return makeError(ErrorCode::Internal, "cannot define external " + name);
    return {};
}

/// Adds one file; returns the number of errors.
int addFile(CompilerHandle &h, CompileContext &ctx, const std::string &path, const std::string &ns) {
    FILE *f = std::fopen(path.c_str(), "rb");
    if (!f) {
        ctx.errors.push_back({path, 0, "cannot open file"});
        return 1;
    }
    ctx.topPath = path;
    const int errors = yr_compiler_add_file(h.c, f, ns.c_str(), path.c_str());
    std::fclose(f);
    return errors;
}

/// Key over what stat() says of every source (path, namespace, device,
/// inode, size, mtime, ctime): cheap to compute, so a cached load need not
/// read and hash every source. `trusted` is false when a file changed in the
/// last second (or is dated in the future): a write within the same
/// timestamp granule would not change its stat data, so such a key must not
/// be recorded (git's "racily clean" rule). ctime cannot be set from user
/// space, so replacing a file with other content of the same size and mtime
/// still changes the key.
std::optional<std::string> statKeyOf(const std::vector<std::pair<std::string, std::string>> &files, bool &trusted) {
    struct timespec now {};
    ::clock_gettime(CLOCK_REALTIME, &now);
    trusted = true;
    std::string text = std::string("harrier-yara-stat-1\n") + yaraVersion() + "\n";
    for (const auto &e : RuleLoader::externalNames())
        text += e + ",";
    text += "\n";
    for (const auto &[path, ns] : files) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
            return std::nullopt;
        for (const auto &t : {st.st_mtim, st.st_ctim})
            if (t.tv_sec >= now.tv_sec - 1)
                trusted = false;
        text += path + '\0' + ns + '\0' + std::to_string(st.st_dev) + ' ' + std::to_string(st.st_ino) + ' ' +
                std::to_string(st.st_size) + ' ' + std::to_string(st.st_mtim.tv_sec) + '.' +
                std::to_string(st.st_mtim.tv_nsec) + ' ' + std::to_string(st.st_ctim.tv_sec) + '.' +
                std::to_string(st.st_ctim.tv_nsec) + '\n';
    }
    return sha256Hex(asBytes(text));
}

/// A cached pack found through the stat index is only used when it was
/// built from exactly these files.
bool sameFiles(const RulePack &pack, const std::vector<std::pair<std::string, std::string>> &files) {
    if (pack.report.files.size() != files.size())
        return false;
    for (std::size_t i = 0; i < files.size(); ++i)
        if (pack.report.files[i].path != files[i].first || pack.report.files[i].ns != files[i].second)
            return false;
    return true;
}

std::string keyOf(const std::vector<FileCompileResult> &files) {
    std::string text = std::string("harrier-yara-1\n") + yaraVersion() + "\n";
    for (const auto &e : RuleLoader::externalNames())
        text += e + ",";
    text += "\n";
    for (const auto &f : files)
        text += f.ns + '\0' + f.sha256 + "\n";
    return sha256Hex(asBytes(text));
}

}  // namespace

const std::vector<std::string> &RuleLoader::externalNames() {
    static const std::vector<std::string> names = {"filename", "filepath", "extension", "filetype", "owner", "md5"};
    return names;
}

Result<std::vector<std::pair<std::string, std::string>>> RuleLoader::collect(const std::vector<std::string> &paths) {
    std::vector<std::pair<std::string, std::string>> out;  // (path, namespace)
    for (const auto &arg : paths) {
        std::error_code ec;
        const fs::path root(arg);
        if (fs::is_directory(root, ec)) {
            const std::string rootName = fs::absolute(root).lexically_normal().parent_path().filename().string();
            std::vector<std::pair<std::string, std::string>> found;
            const auto base = fs::absolute(root).lexically_normal();
            const std::string prefix = base.filename().empty() ? rootName : base.filename().string();
            for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
                 !ec && it != end; it.increment(ec)) {
                if (it->is_regular_file(ec) && !it->is_symlink(ec) && isRuleFile(it->path()))
                    found.emplace_back(it->path().string(),
                                       prefix + "/" + it->path().lexically_relative(root).generic_string());
            }
            if (ec)
                return makeError(ErrorCode::Io, "cannot walk " + arg + ": " + ec.message());
            std::sort(found.begin(), found.end());
            out.insert(out.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(root, ec)) {
            out.emplace_back(arg, root.filename().string());
        } else {
            return makeError(ErrorCode::NotFound, "no rule file or folder at " + arg);
        }
    }
    return out;
}

Result<RulePack> RuleLoader::load(const std::vector<std::string> &paths, const LoadOptions &options) {
    if (auto r = ensureYaraInitialized(); !r)
        return r.error();
    auto files = collect(paths);
    if (!files)
        return files.error();
    if (files->empty())
        return makeError(ErrorCode::NotFound, "no YARA rule files (*.yar, *.yara) found");

    std::optional<RuleCache> cache;
    if (options.useCache) {
        if (auto c = RuleCache::open(options.cacheDir.empty() ? RuleCache::defaultDir() : options.cacheDir))
            cache = std::move(*c);
    }
    // Stat data first, before any content is read: a file changed after
    // this point gets a newer ctime, so the key recorded below cannot
    // describe content older than what it was recorded for.
    bool statTrusted = false;
    const auto statKey = cache ? statKeyOf(*files, statTrusted) : std::nullopt;
    if (statKey) {
        if (const auto contentKey = cache->lookupStatKey(*statKey)) {
            // The cache file is verified by load() as on the slow path.
            if (auto hit = cache->load(*contentKey); hit && sameFiles(*hit, *files))
                return std::move(*hit);
        }
    }
    auto rememberStat = [&](const std::string &contentKey) {
        if (statKey && statTrusted)
            cache->storeStatKey(*statKey, contentKey);
    };

    RulePackReport report;
    for (const auto &[path, ns] : *files) {
        FileCompileResult r;
        r.path = path;
        r.ns = ns;
        std::string content;
        if (!readText(path, content)) {
            r.errors.push_back({path, 0, "cannot read file"});
        }
        r.sha256 = sha256Hex(asBytes(content));
        report.files.push_back(std::move(r));
    }
    const std::string key = keyOf(report.files);

    if (cache) {
        if (auto hit = cache->load(key)) {
            rememberStat(key);
            return std::move(*hit);
        }
    }

    // Each file alone first: a broken file is reported and left out.
    std::vector<SourceHash> includes;
    for (auto &f : report.files) {
        if (!f.errors.empty())
            continue;
        CompileContext ctx;
        CompilerHandle h;
        if (auto r = prepareCompiler(h, ctx); !r)
            return r.error();
        const int errors = addFile(h, ctx, f.path, f.ns);
        f.errors = std::move(ctx.errors);
        f.warnings = std::move(ctx.warnings);
        if (errors == 0 && f.errors.empty()) {
            YR_RULES *probe = nullptr;
            // get_rules can still fail (e.g. too many strings); count it as an error.
            if (yr_compiler_get_rules(h.c, &probe) == ERROR_SUCCESS) {
                yr_rules_destroy(probe);
                f.ok = true;
            } else {
                f.errors.push_back({f.path, 0, "cannot build rules"});
            }
        }
        if (f.ok)
            includes.insert(includes.end(), ctx.includes.begin(), ctx.includes.end());
    }

    CompileContext ctx;
    CompilerHandle h;
    if (auto r = prepareCompiler(h, ctx); !r)
        return r.error();
    for (auto &f : report.files) {
        if (!f.ok)
            continue;
        if (addFile(h, ctx, f.path, f.ns) != 0) {
            // Should not happen after the trial compile; keep the message.
            f.ok = false;
            f.errors.insert(f.errors.end(), ctx.errors.begin(), ctx.errors.end());
            return makeError(ErrorCode::Internal, "rule file " + f.path + " failed when compiled with the pack: " +
                                                      (ctx.errors.empty() ? "" : ctx.errors.front().message));
        }
    }
    YR_RULES *rules = nullptr;
    if (yr_compiler_get_rules(h.c, &rules) != ERROR_SUCCESS)
        return makeError(ErrorCode::Internal, "cannot build the compiled rule pack");

    RulePack pack;
    pack.rules = CompiledRules(rules);
    std::sort(includes.begin(), includes.end(), [](const SourceHash &a, const SourceHash &b) { return a.path < b.path; });
    includes.erase(std::unique(includes.begin(), includes.end(),
                               [](const SourceHash &a, const SourceHash &b) { return a.path == b.path; }),
                   includes.end());
    report.includes = std::move(includes);
    for (const auto &f : report.files)
        (f.ok ? report.filesOk : report.filesFailed)++;
    report.rules = pack.rules.ruleCount();
    // The pack hash covers what went in: the key (top-level sources) plus
    // every include's content, and which files were left out.
    std::string text = key + "\n";
    for (const auto &inc : report.includes)
        text += inc.sha256 + "\n";
    for (const auto &f : report.files)
        text += f.ok ? "1" : "0";
    pack.hash = sha256Hex(asBytes(text));
    pack.report = std::move(report);
    if (cache) {
        if (cache->store(key, pack)) {
            pack.report.cachePath = cache->pathFor(key);
            rememberStat(key);
        }
    }
    return pack;
}

}  // namespace harrier::rules::yara
