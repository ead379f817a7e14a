#include "rules/yara/rule_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "base/hashing.h"
#include "base/uuid.h"
#include "rules/yara/yara_library.h"

namespace harrier::rules::yara {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "HARRIER-YARA-CACHE 1\n";
constexpr std::string_view kStatMagic = "HARRIER-YARA-STAT 1\n";

/// Reads a whole file only when it is a regular file we own that nobody
/// else can write (O_NOFOLLOW: a symlink under our name is refused).
/// The buffer is left uninitialised before read(): zero-filling a 16 MB
/// payload first is a measurable part of a cached load.
bool readOwnFile(const std::string &path, std::unique_ptr<std::uint8_t[]> &data, std::size_t &size,
                 bool *notOwned = nullptr) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st {};
    const bool owned = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() &&
                       (st.st_mode & 0022) == 0;
    size = 0;
    if (owned) {
        data.reset(new std::uint8_t[static_cast<std::size_t>(st.st_size) + 1]);
        const auto want = static_cast<std::size_t>(st.st_size);
        while (size < want) {
            const ssize_t n = ::read(fd, data.get() + size, want - size);
            if (n <= 0)
                break;
            size += static_cast<std::size_t>(n);
        }
    }
    ::close(fd);
    if (notOwned)
        *notOwned = !owned;
    return owned;
}

/// Writes beside the target and renames: a reader never sees half a file.
bool writeAtomically(const std::string &dir, const std::string &target, std::string_view head, ByteView body) {
    const std::string tmp = dir + "/." + newUuid() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    bool ok = ::write(fd, head.data(), head.size()) == static_cast<ssize_t>(head.size()) &&
              (body.empty() || ::write(fd, body.data(), body.size()) == static_cast<ssize_t>(body.size()));
    ok = (::close(fd) == 0) && ok;
    if (!ok || ::rename(tmp.c_str(), target.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return false;
    }
    return true;
}

bool readWholeFile(const std::string &path, std::string &out) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in)
        return false;
    out.resize(static_cast<std::size_t>(in.tellg()));
    in.seekg(0);
    return static_cast<bool>(in.read(out.data(), static_cast<std::streamsize>(out.size())));
}

nlohmann::json messagesToJson(const std::vector<CompileMessage> &msgs) {
    auto a = nlohmann::json::array();
    for (const auto &m : msgs)
        a.push_back({{"file", m.file}, {"line", m.line}, {"message", m.message}});
    return a;
}

std::vector<CompileMessage> messagesFromJson(const nlohmann::json &a) {
    std::vector<CompileMessage> out;
    for (const auto &m : a)
        out.push_back({m.at("file").get<std::string>(), m.at("line").get<int>(), m.at("message").get<std::string>()});
    return out;
}

}  // namespace

std::string RuleCache::defaultDir() {
    if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return std::string(xdg) + "/harrier/yara";
    if (const char *home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.cache/harrier/yara";
    return {};
}

Result<RuleCache> RuleCache::open(const std::string &dir) {
    if (dir.empty())
        return makeError(ErrorCode::InvalidInput, "no cache folder (HOME is not set)");
    std::error_code ec;
    fs::create_directories(fs::path(dir).parent_path(), ec);
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        return makeError(ErrorCode::Io, "cannot create cache folder " + dir);
    struct stat st {};
    if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        return makeError(ErrorCode::Io, "cache folder " + dir + " is not a folder");
    if (st.st_uid != ::geteuid() || (st.st_mode & 0022) != 0)
        return makeError(ErrorCode::InvalidInput,
                         "cache folder " + dir + " is not private to this user; refusing to use it");
    return RuleCache(dir);
}

std::string RuleCache::pathFor(const std::string &key) const { return m_dir + "/" + key + ".hyc"; }

std::optional<RulePack> RuleCache::load(const std::string &key, std::string *whyMiss) const {
    auto miss = [&](const std::string &why) -> std::optional<RulePack> {
        if (whyMiss)
            *whyMiss = why;
        return std::nullopt;
    };
    const std::string path = pathFor(key);
    std::unique_ptr<std::uint8_t[]> data;
    std::size_t dataSize = 0;
    bool notOwned = false;
    if (!readOwnFile(path, data, dataSize, &notOwned))
        return miss(notOwned ? "cache file not owned by this user" : "not cached");
    const std::uint8_t *bytes = data.get();
    const std::string_view all(reinterpret_cast<const char *>(bytes), dataSize);
    if (!all.starts_with(kMagic))
        return miss("not a Harrier cache file");
    const auto nl = all.find('\n', kMagic.size());
    if (nl == std::string_view::npos)
        return miss("truncated");
    std::size_t manifestSize = 0;
    try {
        manifestSize = std::stoull(std::string(all.substr(kMagic.size(), nl - kMagic.size())));
    } catch (...) {
        return miss("bad header");
    }
    if (nl + 1 + manifestSize > all.size())
        return miss("truncated");
    const nlohmann::json m = nlohmann::json::parse(all.substr(nl + 1, manifestSize), nullptr, false);
    if (m.is_discarded() || !m.is_object())
        return miss("bad manifest");
    try {
        if (m.at("key").get<std::string>() != key)
            return miss("key mismatch");
        if (m.at("yara_version").get<std::string>() != yaraVersion())
            return miss("compiled by another yara version");
        const std::uint8_t *payload = bytes + nl + 1 + manifestSize;
        const std::size_t payloadSize = dataSize - (nl + 1 + manifestSize);
        if (m.at("payload_sha256").get<std::string>() != sha256Hex(ByteView(payload, payloadSize)))
            return miss("payload corrupt");
        RulePack pack;
        // Includes are not part of the key: re-hash them now.
        for (const auto &inc : m.at("includes")) {
            const auto p = inc.at("path").get<std::string>();
            std::string content;
            if (!readWholeFile(p, content) || sha256Hex(asBytes(content)) != inc.at("sha256"))
                return miss("included file changed: " + p);
            pack.report.includes.push_back({p, inc.at("sha256").get<std::string>()});
        }
        for (const auto &f : m.at("files")) {
            FileCompileResult r;
            r.path = f.at("path");
            r.ns = f.at("ns");
            r.sha256 = f.at("sha256");
            r.ok = f.at("ok");
            r.errors = messagesFromJson(f.at("errors"));
            r.warnings = messagesFromJson(f.at("warnings"));
            pack.report.files.push_back(std::move(r));
        }
        pack.hash = m.at("pack_hash");
        pack.report.filesOk = m.at("files_ok");
        pack.report.filesFailed = m.at("files_failed");
        pack.report.rules = m.at("rules");
        auto rules = CompiledRules::deserialize(payload, payloadSize);
        if (!rules)
            return miss(rules.error().message);
        pack.rules = std::move(*rules);
        pack.report.fromCache = true;
        pack.report.cachePath = path;
        return pack;
    } catch (const nlohmann::json::exception &e) {
        return miss(std::string("bad manifest: ") + e.what());
    }
}

Result<void> RuleCache::store(const std::string &key, const RulePack &pack) const {
    auto payload = pack.rules.serialize();
    if (!payload)
        return payload.error();
    nlohmann::json m;
    m["key"] = key;
    m["yara_version"] = yaraVersion();
    m["pack_hash"] = pack.hash;
    m["payload_sha256"] = sha256Hex(ByteView(payload->data(), payload->size()));
    m["files_ok"] = pack.report.filesOk;
    m["files_failed"] = pack.report.filesFailed;
    m["rules"] = pack.report.rules;
    m["includes"] = nlohmann::json::array();
    for (const auto &inc : pack.report.includes)
        m["includes"].push_back({{"path", inc.path}, {"sha256", inc.sha256}});
    m["files"] = nlohmann::json::array();
    for (const auto &f : pack.report.files)
        m["files"].push_back({{"path", f.path}, {"ns", f.ns}, {"sha256", f.sha256}, {"ok", f.ok},
                              {"errors", messagesToJson(f.errors)}, {"warnings", messagesToJson(f.warnings)}});
    const std::string manifest = m.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string head(kMagic);
    head += std::to_string(manifest.size()) + "\n" + manifest;
    if (!writeAtomically(m_dir, pathFor(key), head, ByteView(payload->data(), payload->size())))
        return makeError(ErrorCode::Io, "cannot write cache file " + pathFor(key));
    return {};
}

std::optional<std::string> RuleCache::lookupStatKey(const std::string &statKey) const {
    std::unique_ptr<std::uint8_t[]> data;
    std::size_t size = 0;
    if (!readOwnFile(m_dir + "/" + statKey + ".stat", data, size))
        return std::nullopt;
    const std::string_view all(reinterpret_cast<const char *>(data.get()), size);
    if (!all.starts_with(kStatMagic) || all.size() != kStatMagic.size() + 65 || all.back() != '\n')
        return std::nullopt;
    std::string key(all.substr(kStatMagic.size(), 64));
    if (key.find_first_not_of("0123456789abcdef") != std::string::npos)
        return std::nullopt;
    return key;
}

void RuleCache::storeStatKey(const std::string &statKey, const std::string &contentKey) const {
    // Best effort: without the index the next load hashes the sources.
    (void)writeAtomically(m_dir, m_dir + "/" + statKey + ".stat", std::string(kStatMagic) + contentKey + "\n", {});
}

}  // namespace harrier::rules::yara
