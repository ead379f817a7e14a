#include "parsers/windows/recycle_bin_parser.h"

#include "ingest/artifact_sink.h"

namespace harrier::parsers::windows {

using casestore::Attribute;

namespace {

std::uint64_t le64(const std::uint8_t *p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

// UTF-16LE up to the first NUL, to UTF-8 (unpaired surrogates become U+FFFD).
std::string utf16ToUtf8(const std::uint8_t *p, std::size_t units) {
    std::string out;
    for (std::size_t i = 0; i < units; ++i) {
        std::uint32_t c = p[2 * i] | (p[2 * i + 1] << 8);
        if (c == 0)
            break;
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < units) {
            const std::uint32_t lo = p[2 * i + 2] | (p[2 * i + 3] << 8);
            if (lo >= 0xdc00 && lo <= 0xdfff) {
                c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
                ++i;
            } else {
                c = 0xfffd;
            }
        } else if (c >= 0xd800 && c <= 0xdfff) {
            c = 0xfffd;
        }
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xc0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3f));
        } else if (c < 0x10000) {
            out += static_cast<char>(0xe0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
            out += static_cast<char>(0x80 | (c & 0x3f));
        } else {
            out += static_cast<char>(0xf0 | (c >> 18));
            out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
            out += static_cast<char>(0x80 | (c & 0x3f));
        }
    }
    return out;
}

bool isIndexName(std::string_view name) { return name.size() >= 8 && name.starts_with("$I"); }

}  // namespace

std::optional<RecycleBinEntry> decodeRecycleBinIndex(ByteView d) {
    if (d.size() < 28)
        return std::nullopt;
    RecycleBinEntry e;
    const std::uint64_t version = le64(d.data());
    e.size = le64(d.data() + 8);
    const std::uint64_t filetime = le64(d.data() + 16);
    if (filetime)
        e.deleted = UtcTime::fromFiletime(filetime);
    if (version == 1) {
        if (d.size() < 24 + 2 * 260)
            return std::nullopt;
        e.originalPath = utf16ToUtf8(d.data() + 24, 260);
    } else if (version == 2) {
        const std::uint32_t units = d[24] | (d[25] << 8) | (d[26] << 16) | (static_cast<std::uint32_t>(d[27]) << 24);
        if (units == 0 || units > 32768 || d.size() < 28 + 2ull * units)
            return std::nullopt;
        e.originalPath = utf16ToUtf8(d.data() + 28, units);
    } else {
        return std::nullopt;
    }
    e.version = static_cast<int>(version);
    return e;
}

const ingest::ParserInfo &RecycleBinParser::info() const noexcept {
    static const ingest::ParserInfo i{"recycle-bin", "Windows Recycle Bin $I index file", {}};
    return i;
}

ingest::Confidence RecycleBinParser::sniff(ByteView head, std::string_view name) const {
    if (!isIndexName(name) || head.size() < 28 || head.size() > 24 + 2 * 32768 + 4)
        return ingest::Confidence::None;
    return decodeRecycleBinIndex(head) ? ingest::Confidence::Magic : ingest::Confidence::None;
}

Result<void> RecycleBinParser::parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                                     const ingest::ParseContext &ctx) {
    // $I files are tiny: the sniffed head holds all of it.
    const auto entry = decodeRecycleBinIndex(item.head);
    if (!entry)
        return makeError(ErrorCode::InvalidInput, "not a Recycle Bin $I file");
    casestore::ObjectRecord o;
    o.id = out.newObjectId();
    o.parentId = item.objectId;
    o.kind = "recycle_bin_entry";
    o.name = entry->originalPath;
    o.path = item.path + "#original";
    o.size = static_cast<std::int64_t>(entry->size);
    o.attributes.push_back(Attribute::ofText("original_path", entry->originalPath));
    o.attributes.push_back(Attribute::ofInt("format_version", entry->version));
    o.attributes.push_back(Attribute::ofText("content_file", "$R" + item.name.substr(2)));
    if (entry->deleted)
        o.attributes.push_back(Attribute::ofTime("File Deleted", *entry->deleted));
    out.addObject(std::move(o));
    if (entry->deleted) {
        casestore::EventRecord e;
        e.time = *entry->deleted;
        e.timestampDesc = "File Deleted";
        e.eventType = "windows:recycle_bin";
        e.objectId = o.id;
        e.host = ctx.host;
        e.message = entry->originalPath + " (" + std::to_string(entry->size) + " bytes) moved to the Recycle Bin as $R" +
                    item.name.substr(2);
        out.addEvent(std::move(e));
    }
    return {};
}

}  // namespace harrier::parsers::windows
