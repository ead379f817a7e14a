// KAPE target output: C/..., VSS<n>/... trees and a <timestamp>_CopyLog.csv
// whose rows give each copied file's source path, source times and SHA-1.
#include <algorithm>
#include <cctype>
#include <optional>

#include "ingest/collection_layout.h"
#include "ingest/source_ingest.h"

namespace harrier::ingest {

using casestore::Attribute;
using casestore::ErrorSeverity;
using casestore::ObjectId;

namespace {

std::string lower(std::string s) {
    for (auto &c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// One CSV record (RFC 4180 quoting); advances `pos` past it.
std::vector<std::string> csvRecord(const std::string &text, std::size_t &pos) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (; pos < text.size(); ++pos) {
        const char c = text[pos];
        if (quoted) {
            if (c == '"' && pos + 1 < text.size() && text[pos + 1] == '"') {
                fields.back() += '"';
                ++pos;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c == '\n') {
            ++pos;
            break;
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return fields;
}

struct CopiedFile {
    std::string source, sha1;
    std::vector<NestedItem::Time> times;
    bool found = false;
};

class KapeLayout final : public CollectionLayout {
public:
    explicit KapeLayout(LayoutProbe &probe);
    std::string_view kind() const override { return "kape"; }
    void begin(ObjectId container, const std::string &containerPath, ArtifactSink &sink) override;
    void describe(const std::string &rel, ItemMeta &meta) override;
    void stored(const std::string &rel, const NestedOutcome &outcome, ArtifactSink &sink) override;
    void finish(ArtifactSink &sink) override;

private:
    std::map<std::string, CopiedFile> m_files;  ///< lowercase relative path -> CopyLog row
    std::string m_containerPath;
    ObjectId m_container = 0;
    std::uint64_t m_rows = 0, m_badRows = 0, m_verified = 0, m_mismatched = 0;
};

KapeLayout::KapeLayout(LayoutProbe &probe) {
    std::vector<std::string> lowerNames;
    for (const auto &n : probe.names)
        lowerNames.push_back(lower(n));
    std::sort(lowerNames.begin(), lowerNames.end());
    for (const auto &[rel, text] : probe.files) {
        if (!lower(rel).ends_with("_copylog.csv"))
            continue;
        const std::string folder = rel.find('/') == std::string::npos ? "" : lower(rel.substr(0, rel.rfind('/') + 1));
        std::size_t pos = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
        const auto header = csvRecord(text, pos);
        std::map<std::string, std::size_t> col;
        for (std::size_t i = 0; i < header.size(); ++i)
            col[lower(header[i])] = i;
        auto get = [&](const std::vector<std::string> &r, const char *name) -> std::string {
            const auto it = col.find(name);
            return it != col.end() && it->second < r.size() ? r[it->second] : std::string();
        };
        // Destination paths are absolute on the collecting machine; the tree's
        // root is found once by matching a destination against the entry names.
        std::optional<std::size_t> rootLen;
        while (pos < text.size()) {
            const auto r = csvRecord(text, pos);
            if (r.size() == 1 && r[0].empty())
                continue;
            ++m_rows;
            std::string dest = get(r, "destinationfile");
            std::replace(dest.begin(), dest.end(), '\\', '/');
            dest = lower(dest);
            if (!rootLen) {
                for (std::size_t cut = dest.find('/'); cut != std::string::npos; cut = dest.find('/', cut + 1))
                    if (std::binary_search(lowerNames.begin(), lowerNames.end(), folder + dest.substr(cut + 1))) {
                        rootLen = cut + 1;
                        break;
                    }
            }
            if (!rootLen || dest.size() <= *rootLen) {
                ++m_badRows;
                continue;
            }
            CopiedFile f;
            f.source = get(r, "sourcefile");
            f.sha1 = lower(get(r, "sourcefilesha1"));
            for (const auto &[name, desc] : {std::pair{"modifiedonutc", "File Modified"},
                                            {"createdonutc", "File Created"},
                                            {"lastaccessedonutc", "File Accessed"}, {"copiedtimestamp", "File Copied"}})
                if (const auto t = UtcTime::parseIso8601(get(r, name)))
                    f.times.push_back({desc, *t});
            m_files[folder + dest.substr(*rootLen)] = std::move(f);
        }
    }
}

void KapeLayout::begin(ObjectId container, const std::string &containerPath, ArtifactSink &sink) {
    m_container = container;
    m_containerPath = containerPath;
    casestore::ObjectRecord o;
    o.id = sink.newObjectId();
    o.parentId = container;
    o.kind = "collection";
    o.name = "KAPE collection";
    o.path = containerPath + "#collection";
    o.attributes.push_back(Attribute::ofText("layout", "kape"));
    o.attributes.push_back(Attribute::ofInt("copylog_rows", static_cast<std::int64_t>(m_rows)));
    sink.addObject(std::move(o));
}

void KapeLayout::describe(const std::string &rel, ItemMeta &meta) {
    const auto it = m_files.find(lower(rel));
    if (it == m_files.end())
        return;
    const CopiedFile &f = it->second;
    meta.attributes.push_back(Attribute::ofText("original_path", f.source));
    for (auto &a : meta.attributes)
        if (a.name == "time_origin")
            a.text = "KAPE CopyLog (source file)";
    meta.times = f.times;  // the copy's own times are KAPE's, not the evidence's
}

void KapeLayout::stored(const std::string &rel, const NestedOutcome &outcome, ArtifactSink &sink) {
    const auto it = m_files.find(lower(rel));
    if (it == m_files.end() || !outcome.id)
        return;
    it->second.found = true;
    if (it->second.sha1.empty())
        return;
    if (it->second.sha1 == outcome.sha1) {
        ++m_verified;
    } else {
        ++m_mismatched;
        sink.addError(outcome.id, m_containerPath + "!/" + rel, std::nullopt,
                      "SHA-1 mismatch: the KAPE CopyLog says " + it->second.sha1 + ", the stored content is " +
                          outcome.sha1,
                      ErrorSeverity::Error);
    }
}

void KapeLayout::finish(ArtifactSink &sink) {
    std::uint64_t missing = 0;
    for (const auto &[rel, f] : m_files)
        if (!f.found)
            ++missing;
    sink.addError(m_container, m_containerPath, std::nullopt,
                  "KAPE collection: " + std::to_string(m_rows) + " CopyLog rows (" + std::to_string(m_badRows) +
                      " not matched to a file), " + std::to_string(missing) + " listed files absent, " +
                      std::to_string(m_verified) + " SHA-1 verified, " + std::to_string(m_mismatched) + " mismatched",
                  missing || m_mismatched ? ErrorSeverity::Error : ErrorSeverity::Warning);
}

}  // namespace

std::unique_ptr<CollectionLayout> makeKapeLayout(LayoutProbe &probe) { return std::make_unique<KapeLayout>(probe); }

}  // namespace harrier::ingest
