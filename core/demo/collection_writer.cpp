#include "demo/collection_writer.h"

#include <ctime>
#include <memory>

#include <archive.h>
#include <archive_entry.h>
#include <nlohmann/json.hpp>

#include "base/byte_view.h"
#include "base/hashing.h"
#include "demo/demo_text.h"

namespace harrier::demo {

namespace {

using nlohmann::json;

std::string iso(std::int64_t t, const char *fraction = "") {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%sZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, fraction);
    return buf;
}

/// Velociraptor escapes path components for its zip: ':' and other
/// reserved characters become %XX.
std::string escapeComponent(std::string_view s) {
    return percentEncode(s, ".-_ $~");
}

std::vector<std::string> components(const std::string &windowsPath) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= windowsPath.size()) {
        auto end = windowsPath.find('\\', start);
        if (end == std::string::npos)
            end = windowsPath.size();
        if (end > start)
            out.push_back(windowsPath.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

struct ArchiveCloser {
    void operator()(archive *a) const { archive_write_free(a); }
};

class ZipOut {
public:
    Result<void> open(const std::filesystem::path &path) {
        m_a.reset(archive_write_new());
        if (!m_a || archive_write_set_format_zip(m_a.get()) != ARCHIVE_OK ||
            archive_write_open_filename(m_a.get(), path.c_str()) != ARCHIVE_OK)
            return makeError(ErrorCode::Io, "cannot create " + path.string() + ": " + error());
        return {};
    }
    Result<void> add(const std::string &name, std::string_view data, std::int64_t mtime) {
        std::unique_ptr<archive_entry, decltype(&archive_entry_free)> e(archive_entry_new(), archive_entry_free);
        archive_entry_set_pathname(e.get(), name.c_str());
        archive_entry_set_filetype(e.get(), AE_IFREG);
        archive_entry_set_perm(e.get(), 0644);
        archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
        archive_entry_set_mtime(e.get(), static_cast<time_t>(mtime), 0);
        if (archive_write_header(m_a.get(), e.get()) != ARCHIVE_OK ||
            archive_write_data(m_a.get(), data.data(), data.size()) != static_cast<la_ssize_t>(data.size()))
            return makeError(ErrorCode::Io, "cannot add " + name + " to the collection: " + error());
        return {};
    }
    Result<void> close() {
        if (archive_write_close(m_a.get()) != ARCHIVE_OK)
            return makeError(ErrorCode::Io, "cannot finish the collection zip: " + error());
        return {};
    }

private:
    std::string error() const {
        const char *s = m_a ? archive_error_string(m_a.get()) : nullptr;
        return s ? s : "libarchive error";
    }
    std::unique_ptr<archive, ArchiveCloser> m_a;
};

std::string jsonLines(const std::vector<json> &rows) {
    std::string out;
    for (const auto &r : rows)
        out += r.dump() + "\n";
    return out;
}

}  // namespace

std::string collectionFileName(const std::string &hostname) {
    std::string t = iso(kCollectionTime);
    for (auto &c : t)
        if (c == ':')
            c = '_';
    return "Collection-" + hostname + "-" + t + ".zip";
}

Result<void> writeCollection(const std::filesystem::path &zip, const std::string &hostname,
                             const std::vector<CollectedFile> &files, DemoRandom &rng) {
    ZipOut out;
    if (auto r = out.open(zip); !r)
        return r;
    std::vector<json> uploads, uploadRows;
    std::int64_t t = kCollectionTime + 3;
    for (const auto &f : files) {
        json comps = json::array({"uploads", "auto"});
        std::string entry = "uploads/auto";
        for (const auto &c : components(f.windowsPath)) {
            comps.push_back(c);
            entry += "/" + escapeComponent(c);
        }
        if (auto r = out.add(entry, f.content, f.modified); !r)
            return r;
        const std::string when = iso(t, ".2817345");
        uploads.push_back({{"Timestamp", when},
                           {"started", when.substr(0, 10) + " " + when.substr(11, 16) + " +0000 UTC"},
                           {"vfs_path", f.windowsPath},
                           {"_Components", comps},
                           {"file_size", f.content.size()},
                           {"uploaded_size", f.content.size()},
                           {"Type", ""}});
        uploadRows.push_back({{"CopiedOnTimestamp", t},
                              {"SourceFile", f.windowsPath},
                              {"DestinationFile", f.windowsPath},
                              {"FileSize", f.content.size()},
                              {"SourceFileSha256", sha256Hex(asBytes(f.content))},
                              {"Created", iso(f.created)},
                              {"Modified", iso(f.modified)},
                              {"LastAccessed", iso(f.accessed)},
                              {"_Source", "Windows.KapeFiles.Targets/Uploads"}});
        t += 1;
    }
    const std::string session = "F." + rng.hex(13);
    const json context = {
        {"session_id", session},
        {"hostname", hostname},
        {"request", {{"artifacts", {"Windows.KapeFiles.Targets"}}}},
        {"create_time", kCollectionTime * 1000000000LL},
        {"start_time", kCollectionTime * 1000000000LL},
        {"total_uploaded_files", files.size()},
        {"total_collected_rows", uploadRows.size()},
        {"state", 2},
        {"artifacts_with_results", {"Windows.KapeFiles.Targets/Uploads"}},
    };
    const json client = {{"Hostname", hostname},
                         {"Fqdn", "vld-web02.parl.veldoria.example"},
                         {"System", "windows"},
                         {"Release", "Microsoft Windows Server 2019 Standard 10.0.17763 Build 17763"},
                         {"Architecture", "amd64"}};
    const std::string log = jsonLines({
        {{"_ts", kCollectionTime}, {"level", "INFO"}, {"message", "Starting collection of Windows.KapeFiles.Targets"}},
        {{"_ts", t}, {"level", "INFO"}, {"message", "Collection complete: " + std::to_string(files.size()) + " uploads"}},
    });
    for (const auto &[name, data] : std::vector<std::pair<std::string, std::string>>{
             {"uploads.json", jsonLines(uploads)},
             {"results/Windows.KapeFiles.Targets%2FUploads.json", jsonLines(uploadRows)},
             {"client_info.json", client.dump(1)},
             {"collection_context.json", context.dump(1)},
             {"log.json", log},
         })
        if (auto r = out.add(name, data, t); !r)
            return r;
    return out.close();
}

}  // namespace harrier::demo
