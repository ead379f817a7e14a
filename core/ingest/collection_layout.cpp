#include "ingest/collection_layout.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include "ingest/archive_reader.h"

namespace harrier::ingest {

namespace fs = std::filesystem;

namespace {

// Metadata files are small; these caps keep a hostile "collection" from
// making the probe read gigabytes into memory.
constexpr std::uint64_t kMaxProbeFile = 32ull << 20;
constexpr std::uint64_t kMaxProbeTotal = 128ull << 20;

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto &c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view leaf(std::string_view p) {
    const auto slash = p.find_last_of('/');
    return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

}  // namespace

bool wantedByLayoutProbe(std::string_view rel) {
    const std::string name = lower(leaf(rel));
    if (name == "uploads.json" || name == "collection_context.json" || name == "client_info.json" ||
        name == "metadata.json" || name.ends_with("_copylog.csv"))
        return true;
    // Velociraptor result rows: results/<Artifact>.json, or <Artifact.Name>/<Source>.json in older collectors.
    if (!name.ends_with(".json") || rel.starts_with("uploads/") || rel.find("/uploads/") != std::string_view::npos)
        return false;
    const auto slash = rel.find('/');
    return slash != std::string_view::npos && std::count(rel.begin(), rel.end(), '/') <= 2;
}

std::unique_ptr<CollectionLayout> detectCollectionLayout(LayoutProbe probe) {
    bool velociraptor = false, kape = false;
    for (const auto &n : probe.names) {
        const std::string name = lower(leaf(n));
        if (name == "collection_context.json" || name == "uploads.json" || name == "client_info.json" ||
            (name == "metadata.json" && probe.names.size() <= 3) ||
            n.ends_with("Generic.Client.Info/BasicInformation.json"))
            velociraptor = true;
        if (name.ends_with("_copylog.csv"))
            kape = true;
    }
    if (velociraptor)
        return makeVelociraptorLayout(probe);
    if (kape)
        return makeKapeLayout(probe);
    return nullptr;
}

std::unique_ptr<CollectionLayout> probeArchiveLayout(const std::string &localPath, const std::string &name,
                                                     const std::vector<std::string> &passwords, const Limits &limits,
                                                     std::stop_token stop) {
    auto reader = ArchiveReader::open(localPath, name, passwords, limits, stop);
    if (!reader)
        return nullptr;  // the real walk reports why
    LayoutProbe probe;
    probe.containerName = name;
    std::uint64_t total = 0;
    for (;;) {
        auto next = (*reader)->next();
        if (!next || !*next)
            break;
        const ArchiveEntryInfo &entry = **next;
        if (entry.type != EntryType::File)
            continue;
        const std::string rel = entry.path.path;
        probe.names.push_back(rel);
        if ((*reader)->formatName().find("raw") != std::string::npos)
            return nullptr;  // a single compressed file is never a collection
        if (!wantedByLayoutProbe(rel) || (entry.size && static_cast<std::uint64_t>(*entry.size) > kMaxProbeFile) ||
            total > kMaxProbeTotal)
            continue;
        std::string content;
        std::uint8_t buf[65536];
        for (;;) {
            auto n = (*reader)->data().read(buf);
            if (!n || *n == 0)
                break;
            content.append(reinterpret_cast<const char *>(buf), *n);
            if (content.size() > kMaxProbeFile)
                break;
        }
        total += content.size();
        if (content.size() <= kMaxProbeFile)
            probe.files[rel] = std::move(content);
        if ((*reader)->fatal())
            break;
    }
    return detectCollectionLayout(std::move(probe));
}

std::unique_ptr<CollectionLayout> probeDirectoryLayout(const std::string &root) {
    LayoutProbe probe;
    probe.containerName = fs::path(root).filename().string();
    std::error_code ec;
    std::uint64_t total = 0;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const fs::file_status st = it->symlink_status(ec);
        if (ec || !fs::is_regular_file(st))
            continue;
        const std::string rel = fs::relative(it->path(), root, ec).generic_string();
        probe.names.push_back(rel);
        if (!wantedByLayoutProbe(rel) || total > kMaxProbeTotal)
            continue;
        const auto size = fs::file_size(it->path(), ec);
        if (ec || size > kMaxProbeFile)
            continue;
        std::ifstream in(it->path(), std::ios::binary);
        std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        total += content.size();
        probe.files[rel] = std::move(content);
    }
    return detectCollectionLayout(std::move(probe));
}

}  // namespace harrier::ingest
