#include "rules/yara/rule_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "base/hashing.h"
#include "base/uuid.h"
#include "rules/yara/yara_library.h"

namespace harrier::rules::yara {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "HARRIER-YARA-CACHE 1\n";

bool readWholeFile(const std::string &path, std::vector<std::uint8_t> &out) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
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
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return miss("not cached");
    struct stat st {};
    const bool owned = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() &&
                       (st.st_mode & 0022) == 0;
    std::vector<std::uint8_t> bytes;
    if (owned) {
        bytes.resize(static_cast<std::size_t>(st.st_size));
        std::size_t got = 0;
        while (got < bytes.size()) {
            const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
            if (n <= 0)
                break;
            got += static_cast<std::size_t>(n);
        }
        bytes.resize(got);
    }
    ::close(fd);
    if (!owned)
        return miss("cache file not owned by this user");
    const std::string_view all(reinterpret_cast<const char *>(bytes.data()), bytes.size());
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
        const std::uint8_t *payload = bytes.data() + nl + 1 + manifestSize;
        const std::size_t payloadSize = bytes.size() - (nl + 1 + manifestSize);
        if (m.at("payload_sha256").get<std::string>() != sha256Hex(ByteView(payload, payloadSize)))
            return miss("payload corrupt");
        RulePack pack;
        // Includes are not part of the key: re-hash them now.
        for (const auto &inc : m.at("includes")) {
            const auto p = inc.at("path").get<std::string>();
            std::vector<std::uint8_t> content;
            if (!readWholeFile(p, content) || sha256Hex(ByteView(content.data(), content.size())) != inc.at("sha256"))
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
    // Written beside the target and renamed: a reader never sees half a file.
    const std::string tmp = m_dir + "/." + newUuid() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return makeError(ErrorCode::Io, "cannot write cache file in " + m_dir);
    std::string head(kMagic);
    head += std::to_string(manifest.size()) + "\n" + manifest;
    bool ok = ::write(fd, head.data(), head.size()) == static_cast<ssize_t>(head.size()) &&
              ::write(fd, payload->data(), payload->size()) == static_cast<ssize_t>(payload->size());
    ok = (::close(fd) == 0) && ok;
    if (!ok || ::rename(tmp.c_str(), pathFor(key).c_str()) != 0) {
        ::unlink(tmp.c_str());
        return makeError(ErrorCode::Io, "cannot write cache file " + pathFor(key));
    }
    return {};
}

}  // namespace harrier::rules::yara
