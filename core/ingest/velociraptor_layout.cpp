// Velociraptor offline-collector output: uploads/<accessor>/<percent-encoded
// components>, uploads.json (one row per upload), results/<Artifact>.json
// (JSON lines), collection_context.json, client_info.json. Encrypted
// collectors wrap all of it in data.zip (+ metadata.json for certificates).
#include <nlohmann/json.hpp>

#include <optional>

#include "base/percent_encoding.h"
#include "ingest/collection_layout.h"
#include "ingest/source_ingest.h"

namespace harrier::ingest {

using casestore::Attribute;
using casestore::ErrorSeverity;
using casestore::ObjectId;
using nlohmann::json;

namespace {

std::string decodePath(std::string_view rel) {
    std::string out;
    std::size_t start = 0;
    while (start <= rel.size()) {
        const auto slash = rel.find('/', start);
        const auto seg = rel.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (!out.empty() || start > 0)
            out += '/';
        out += percentDecode(seg);
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    return out;
}

std::optional<UtcTime> timeField(const json &row, const char *key) {
    const auto it = row.find(key);
    if (it == row.end() || !it->is_string())
        return std::nullopt;
    return UtcTime::parseIso8601(it->get<std::string>());
}

std::string textField(const json &row, const char *key) {
    const auto it = row.find(key);
    return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t intField(const json &row, const char *key) {
    const auto it = row.find(key);
    return it != row.end() && it->is_number_integer() ? it->get<std::int64_t>() : -1;
}

// Rows are JSON lines; some exports write one JSON array instead.
std::vector<json> rowsOf(const std::string &content, std::uint64_t &bad) {
    std::vector<json> rows;
    const json whole = json::parse(content, nullptr, false);
    if (!whole.is_discarded() && whole.is_array()) {
        for (const auto &r : whole)
            rows.push_back(r);
        return rows;
    }
    std::size_t start = 0;
    while (start < content.size()) {
        auto nl = content.find('\n', start);
        if (nl == std::string::npos)
            nl = content.size();
        const std::string_view line(content.data() + start, nl - start);
        start = nl + 1;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos)
            continue;
        json row = json::parse(line, nullptr, false);
        if (row.is_discarded() || !row.is_object())
            ++bad;
        else
            rows.push_back(std::move(row));
    }
    return rows;
}

struct Upload {
    std::string vfsPath;
    std::int64_t fileSize = -1, uploadedSize = -1;
    std::string sha256;
    std::optional<UtcTime> collected;
    std::vector<NestedItem::Time> times;
    bool found = false;
};

class VelociraptorLayout final : public CollectionLayout {
public:
    explicit VelociraptorLayout(LayoutProbe &probe);
    std::string_view kind() const override { return "velociraptor"; }
    void begin(ObjectId container, const std::string &containerPath, ArtifactSink &sink) override;
    void describe(const std::string &rel, ItemMeta &meta) override;
    void stored(const std::string &rel, const NestedOutcome &outcome, ArtifactSink &sink) override;
    void finish(ArtifactSink &sink) override;

private:
    std::string keyOf(const std::string &rel) const {
        return decodePath(std::string_view(rel).substr(std::min(rel.size(), m_prefix.size())));
    }
    void addFileFacts(const json &row);
    void ingestRows(const std::string &rel, const std::string &content, ArtifactSink &sink);

    std::string m_prefix;  ///< "" or "host-C.123/" in hunt exports
    std::string m_os, m_sessionId, m_encryption, m_containerPath;
    std::optional<UtcTime> m_created;
    std::map<std::string, Upload> m_uploads;  ///< decoded path below the prefix
    std::map<std::string, std::size_t> m_byVfsPath;
    std::vector<std::string> m_vfsKeys;
    std::map<std::string, std::string> m_results;  ///< rel -> content
    std::map<std::string, ObjectId> m_resultIds;
    ObjectId m_container = 0, m_collection = 0;
    std::uint64_t m_verified = 0, m_mismatched = 0, m_partial = 0;
};

VelociraptorLayout::VelociraptorLayout(LayoutProbe &probe) {
    for (const auto &n : probe.names) {
        const auto slash = n.rfind('/');
        const std::string leafName = slash == std::string::npos ? n : n.substr(slash + 1);
        if (leafName == "collection_context.json" || leafName == "uploads.json" || leafName == "client_info.json") {
            m_prefix = slash == std::string::npos ? "" : n.substr(0, slash + 1);
            break;
        }
    }
    auto file = [&](const std::string &name) -> const std::string * {
        const auto it = probe.files.find(m_prefix + name);
        return it == probe.files.end() ? nullptr : &it->second;
    };
    if (const auto *meta = file("metadata.json")) {
        const json m = json::parse(*meta, nullptr, false);
        const json first = m.is_array() && !m.empty() ? m[0] : m;
        if (first.is_object() && first.contains("EncryptedPass"))
            m_encryption = textField(first, "Scheme");
    }
    if (const auto *ci = file("client_info.json")) {
        const json c = json::parse(*ci, nullptr, false);
        if (c.is_object()) {
            for (const char *k : {"Hostname", "hostname", "Fqdn", "fqdn"})
                if (m_host.empty())
                    m_host = textField(c, k);
            m_os = textField(c, "release").empty() ? textField(c, "system") : textField(c, "release");
            if (m_os.empty())
                m_os = textField(c, "OS");
        }
    }
    if (const auto *cc = file("collection_context.json")) {
        const json c = json::parse(*cc, nullptr, false);
        if (c.is_object()) {
            m_sessionId = textField(c, "session_id");
            if (const auto t = intField(c, "create_time"); t > 0)
                m_created = UtcTime{t / 1000};  // nanoseconds
        }
    }
    if (const auto *up = file("uploads.json")) {
        std::uint64_t bad = 0;
        for (const auto &row : rowsOf(*up, bad)) {
            const auto comps = row.find("_Components");
            if (comps == row.end() || !comps->is_array())
                continue;
            std::string key;
            for (const auto &c : *comps)
                if (c.is_string())
                    key += (key.empty() ? "" : "/") + c.get<std::string>();
            if (textField(row, "Type") == "idx")
                key += ".idx";
            Upload u;
            u.vfsPath = textField(row, "vfs_path");
            u.fileSize = intField(row, "file_size");
            u.uploadedSize = intField(row, "uploaded_size");
            u.sha256 = textField(row, "sha256");
            u.collected = timeField(row, "Timestamp");
            m_uploads[key] = std::move(u);
        }
    }
    for (auto &[rel, content] : probe.files) {
        if (!rel.starts_with(m_prefix))
            continue;
        const std::string below = rel.substr(m_prefix.size());
        const bool results = below.starts_with("results/") ||
                             (below.find('/') != std::string::npos && below.substr(0, below.find('/')).find('.') !=
                                                                           std::string::npos);
        if (results && below.ends_with(".json"))
            m_results[rel] = std::move(content);
    }
    // Uploads artifacts record the source's times and hashes; attach them to the uploads.
    for (const auto &[rel, content] : m_results) {
        std::uint64_t bad = 0;
        for (const auto &row : rowsOf(content, bad))
            addFileFacts(row);
        if (m_host.empty() && rel.find("BasicInformation") != std::string::npos)
            for (const auto &row : rowsOf(content, bad))
                if (m_host.empty())
                    m_host = textField(row, "Hostname"), m_os = textField(row, "Platform");
    }
    // Offline collectors name their zip "Collection-<host>-<timestamp>".
    const std::string &c = probe.containerName;
    if (m_host.empty() && c.starts_with("Collection-")) {
        for (std::size_t i = 11; i + 11 < c.size(); ++i)
            if (c[i] == '-' && std::isdigit(static_cast<unsigned char>(c[i + 1])) && c[i + 5] == '-' && c[i + 11] == 'T') {
                m_host = c.substr(11, i - 11);
                break;
            }
    }
}

void VelociraptorLayout::addFileFacts(const json &row) {
    if (!row.is_object())
        return;
    std::vector<NestedItem::Time> times;
    for (const auto &[key, desc] : {std::pair{"Modified", "File Modified"}, {"Created", "File Created"},
                                   {"LastAccessed", "File Accessed"}, {"Changed", "Metadata Changed"},
                                   {"Mtime", "File Modified"}, {"Btime", "File Created"}, {"Atime", "File Accessed"},
                                   {"Ctime", "Metadata Changed"}})
        if (const auto t = timeField(row, key))
            times.push_back({desc, *t});
    std::string sha = textField(row, "SourceFileSha256");
    std::string source = textField(row, "SourceFile");
    if (const auto up = row.find("Upload"); up != row.end() && up->is_object()) {
        // Export style: {"Upload": {"StoredName": "/uploads/...", "sha256": ...}}
        if (sha.empty())
            sha = textField(*up, "sha256");
        const std::string stored = textField(*up, "StoredName");
        if (auto it = m_uploads.find(decodePath(stored.starts_with("/") ? stored.substr(1) : stored));
            it != m_uploads.end() && it->second.sha256.empty())
            it->second.sha256 = sha;
    }
    if (source.empty())
        return;
    for (auto &[key, u] : m_uploads) {
        if (u.vfsPath != source || key.ends_with(".idx"))
            continue;
        if (u.sha256.empty())
            u.sha256 = sha;
        if (u.times.empty())
            u.times = times;
    }
}

void VelociraptorLayout::begin(ObjectId container, const std::string &containerPath, ArtifactSink &sink) {
    m_container = container;
    m_containerPath = containerPath;
    if (!m_encryption.empty()) {
        sink.addError(container, containerPath, std::nullopt,
                      "Velociraptor collection encrypted with the " + m_encryption +
                          " scheme: data.zip's password is sealed in metadata.json with the collecting server's "
                          "public key. Recover it with that server's private key, then ingest again with "
                          "--password PASSWORD",
                      ErrorSeverity::Error);
        return;
    }
    casestore::ObjectRecord o;
    o.id = m_collection = sink.newObjectId();
    o.parentId = container;
    o.kind = "collection";
    o.name = m_host.empty() ? "Velociraptor collection" : m_host;
    o.path = containerPath + "#collection";
    o.attributes.push_back(Attribute::ofText("layout", "velociraptor"));
    if (!m_host.empty())
        o.attributes.push_back(Attribute::ofText("hostname", m_host));
    if (!m_os.empty())
        o.attributes.push_back(Attribute::ofText("os", m_os));
    if (!m_sessionId.empty())
        o.attributes.push_back(Attribute::ofText("session_id", m_sessionId));
    o.attributes.push_back(Attribute::ofInt("uploads_listed", static_cast<std::int64_t>(m_uploads.size())));
    sink.addObject(std::move(o));
    if (m_created) {
        casestore::EventRecord e;
        e.time = *m_created;
        e.timestampDesc = "Collection Started";
        e.eventType = "velociraptor:collection";
        e.objectId = m_collection;
        e.message = "Velociraptor collection " + m_sessionId + (m_host.empty() ? "" : " of " + m_host);
        sink.addEvent(std::move(e));
    }
}

void VelociraptorLayout::describe(const std::string &rel, ItemMeta &meta) {
    if (!rel.starts_with(m_prefix))
        return;
    const std::string key = keyOf(rel);
    const std::string decoded = m_prefix + key;
    if (decoded != rel) {
        if (meta.path.ends_with(rel))
            meta.path = meta.path.substr(0, meta.path.size() - rel.size()) + decoded;
        const auto slash = decoded.rfind('/');
        meta.name = slash == std::string::npos ? decoded : decoded.substr(slash + 1);
        meta.attributes.push_back(Attribute::ofText("collection_entry", rel));
    }
    const auto it = m_uploads.find(key);
    if (it == m_uploads.end())
        return;
    const Upload &u = it->second;
    if (!u.vfsPath.empty() && !u.vfsPath.starts_with("{"))
        meta.attributes.push_back(Attribute::ofText("original_path", u.vfsPath));
    if (u.fileSize >= 0)
        meta.attributes.push_back(Attribute::ofInt("original_size", u.fileSize));
    if (!u.times.empty()) {
        // The source file's own times come first; the archive entry's are the collector's.
        auto times = u.times;
        times.insert(times.end(), meta.times.begin(), meta.times.end());
        meta.times = std::move(times);
        for (auto &a : meta.attributes)
            if (a.name == "time_origin")
                a.text = "velociraptor metadata (source file), archive entry (collector)";
    }
    if (u.collected)
        meta.times.push_back({"File Collected", *u.collected});
}

void VelociraptorLayout::stored(const std::string &rel, const NestedOutcome &outcome, ArtifactSink &sink) {
    if (m_results.count(rel))
        m_resultIds[rel] = outcome.id;
    const auto it = m_uploads.find(keyOf(rel));
    if (it == m_uploads.end() || !outcome.id)
        return;
    Upload &u = it->second;
    u.found = true;
    const std::string where = m_containerPath + "!/" + m_prefix + it->first;
    if (u.uploadedSize >= 0 && static_cast<std::uint64_t>(u.uploadedSize) != outcome.size)
        sink.addError(outcome.id, where, std::nullopt,
                      "size differs from uploads.json: " + std::to_string(outcome.size) + " bytes stored, " +
                          std::to_string(u.uploadedSize) + " recorded as uploaded",
                      ErrorSeverity::Error);
    if (u.sha256.empty())
        return;
    if (u.fileSize >= 0 && u.uploadedSize >= 0 && u.fileSize != u.uploadedSize) {
        ++m_partial;
        sink.addError(outcome.id, where, std::nullopt,
                      "partial or sparse upload (" + std::to_string(u.uploadedSize) + " of " +
                          std::to_string(u.fileSize) + " bytes): the recorded SHA-256 " + u.sha256 +
                          " is of the source file and cannot match the stored " + outcome.sha256,
                      ErrorSeverity::Warning);
    } else if (u.sha256 != outcome.sha256) {
        ++m_mismatched;
        sink.addError(outcome.id, where, std::nullopt,
                      "SHA-256 mismatch: the collection metadata says " + u.sha256 + ", the stored content is " +
                          outcome.sha256,
                      ErrorSeverity::Error);
    } else {
        ++m_verified;
    }
}

void VelociraptorLayout::ingestRows(const std::string &rel, const std::string &content, ArtifactSink &sink) {
    const auto idIt = m_resultIds.find(rel);
    if (idIt == m_resultIds.end() || !idIt->second)
        return;
    std::string artifact = keyOf(rel);
    if (artifact.starts_with("results/"))
        artifact = artifact.substr(8);
    artifact = artifact.substr(0, artifact.size() - 5);  // ".json"
    std::uint64_t bad = 0;
    const auto rows = rowsOf(content, bad);
    casestore::ContainerCounts counts{idIt->second, rows.size() + bad, 0, bad};
    if (bad)
        sink.addError(idIt->second, m_containerPath + "!/" + rel, std::nullopt,
                      std::to_string(bad) + " result line(s) are not JSON objects", ErrorSeverity::Error);
    std::size_t n = 0;
    for (const auto &row : rows) {
        casestore::ObjectRecord o;
        o.id = sink.newObjectId();
        o.parentId = idIt->second;
        o.kind = "artifact_row";
        o.name = artifact;
        o.path = m_containerPath + "!/" + rel + "#" + std::to_string(++n);
        std::string text = row.dump(-1, ' ', false, json::error_handler_t::replace);
        o.attributes.push_back(Attribute::ofText("row", text));
        const ObjectId rowId = o.id;
        sink.addObject(std::move(o));
        if (text.size() > 2048)
            text = text.substr(0, 2048) + "...";
        for (const auto &[key, value] : row.items()) {
            if (!value.is_string() || key.starts_with("_"))
                continue;
            const std::string &s = value.get_ref<const std::string &>();
            if (s.size() < 19 || s[4] != '-' || (s[10] != 'T' && s[10] != ' '))
                continue;
            const auto t = UtcTime::parseIso8601(s);
            if (!t)
                continue;
            casestore::EventRecord e;
            e.time = *t;
            e.timestampDesc = key;
            e.eventType = "velociraptor:" + artifact;
            e.objectId = rowId;
            e.message = artifact + ": " + text;
            sink.addEvent(std::move(e));
        }
        ++counts.stored;
    }
    sink.setCounts(counts);
}

void VelociraptorLayout::finish(ArtifactSink &sink) {
    if (!m_encryption.empty())
        return;
    std::uint64_t missing = 0;
    for (const auto &[key, u] : m_uploads)
        if (!u.found) {
            ++missing;
            sink.addError(m_container, m_containerPath + "!/" + m_prefix + key, std::nullopt,
                          "listed in uploads.json but missing from the collection", ErrorSeverity::Error);
        }
    for (const auto &[rel, content] : m_results)
        ingestRows(rel, content, sink);
    sink.addError(m_container, m_containerPath, std::nullopt,
                  "Velociraptor collection" + (m_host.empty() ? std::string() : " of " + m_host) + ": " +
                      std::to_string(m_uploads.size()) + " uploads listed, " +
                      std::to_string(m_uploads.size() - missing) + " found, " + std::to_string(m_verified) +
                      " SHA-256 verified, " + std::to_string(m_mismatched) + " mismatched, " +
                      std::to_string(m_partial) + " partial",
                  ErrorSeverity::Warning);
}

}  // namespace

std::unique_ptr<CollectionLayout> makeVelociraptorLayout(LayoutProbe &probe) {
    return std::make_unique<VelociraptorLayout>(probe);
}

}  // namespace harrier::ingest
