#include "ingest/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <cstring>
#include <string_view>

namespace harrier::ingest {

namespace {

bool startsWith(ByteView head, std::string_view magic, std::size_t offset = 0) {
    return head.size() >= offset + magic.size() &&
           std::memcmp(head.data() + offset, magic.data(), magic.size()) == 0;
}

bool contains(ByteView head, std::string_view needle) {
    return asText(head).find(needle) != std::string_view::npos;
}

// libarchive leaves the message unset (NULL) for some failures.
std::string archiveError(struct archive *a) {
    const char *msg = archive_error_string(a);
    return msg ? msg : "unknown error";
}

std::optional<UtcTime> entryTime(bool isSet, time_t seconds, long nanos) {
    // Zip "UT" extra fields and some tar writers store 0 for "not recorded".
    if (!isSet || (seconds == 0 && nanos == 0))
        return std::nullopt;
    return UtcTime::fromUnixNanos(seconds, nanos);
}

std::string compressedEntryName(const std::string &displayName) {
    for (const char *suffix : {".gz", ".bz2", ".xz", ".zst", ".lzma", ".z", ".tgz", ".tbz2", ".txz"}) {
        const std::size_t n = std::strlen(suffix);
        if (displayName.size() > n &&
            strncasecmp(displayName.c_str() + displayName.size() - n, suffix, n) == 0) {
            std::string base = displayName.substr(0, displayName.size() - n);
            if (n == 4 && std::string_view(suffix).substr(0, 2) == ".t")
                base += ".tar";
            return base;
        }
    }
    return displayName + ".decompressed";
}

}  // namespace

bool looksLikeArchive(ByteView head) {
    if (startsWith(head, "PK\x03\x04") || startsWith(head, "PK\x05\x06") || startsWith(head, "PK\x07\x08")) {
        // Office Open XML / OpenDocument: documents, not containers to expand.
        return !(contains(head, "[Content_Types].xml") || contains(head, "mimetypeapplication/vnd.oasis"));
    }
    return startsWith(head, "7z\xBC\xAF\x27\x1C") || startsWith(head, "Rar!\x1A\x07") ||
           startsWith(head, "\x1F\x8B") || startsWith(head, "BZh") ||
           startsWith(head, std::string_view("\xFD" "7zXZ\x00", 6)) || startsWith(head, "\x28\xB5\x2F\xFD") ||
           startsWith(head, "ustar", 257) || startsWith(head, "MSCF\0\0\0\0") || startsWith(head, "070701") ||
           startsWith(head, "070707");
}

class ArchiveReader::EntryData final : public ByteStream {
public:
    explicit EntryData(ArchiveReader &reader) : m_reader(reader) {}
    Result<std::size_t> read(std::span<std::uint8_t> buf) override { return m_reader.readData(buf); }

private:
    ArchiveReader &m_reader;
};

Result<std::unique_ptr<ArchiveReader>> ArchiveReader::open(const std::string &path, const std::string &displayName,
                                                           const std::vector<std::string> &passwords,
                                                           const Limits &limits, std::stop_token stop) {
    std::unique_ptr<ArchiveReader> r(new ArchiveReader(limits, std::move(stop)));
    r->m_archive = archive_read_new();
    r->m_rawEntryName = compressedEntryName(displayName);
    archive_read_support_filter_all(r->m_archive);
    archive_read_support_format_all(r->m_archive);
    // Raw lets a lone .gz/.bz2/.xz file show its single decompressed entry.
    archive_read_support_format_raw(r->m_archive);
    for (const std::string &p : passwords)
        archive_read_add_passphrase(r->m_archive, p.c_str());
    if (archive_read_open_filename(r->m_archive, path.c_str(), 1 << 16) != ARCHIVE_OK)
        return makeError(ErrorCode::InvalidInput,
                         "cannot open archive: " + archiveError(r->m_archive));
    r->m_data = std::make_unique<EntryData>(*r);
    return r;
}

ArchiveReader::~ArchiveReader() { archive_read_free(m_archive); }

std::string ArchiveReader::formatName() const {
    const char *name = archive_format_name(m_archive);
    return name ? name : "unknown";
}

Result<std::optional<ArchiveEntryInfo>> ArchiveReader::next() {
    if (m_fatal)
        return *m_fatal;
    if (m_stop.stop_requested())
        return makeError(ErrorCode::Stopped, "stopped");
    struct archive_entry *e = nullptr;
    const int rc = archive_read_next_header(m_archive, &e);
    if (rc == ARCHIVE_EOF)
        return std::optional<ArchiveEntryInfo>{};
    if (rc < ARCHIVE_WARN) {
        m_fatal = makeError(ErrorCode::InvalidInput,
                            "archive is unreadable from here on: " + archiveError(m_archive));
        return *m_fatal;
    }
    if (++m_entries > m_limits.maxArchiveEntries) {
        m_fatal = makeError(ErrorCode::LimitExceeded,
                            "archive lists more than " + std::to_string(m_limits.maxArchiveEntries) + " entries");
        return *m_fatal;
    }
    if (m_entries == 1 && archive_format(m_archive) == ARCHIVE_FORMAT_RAW && archive_filter_count(m_archive) <= 1) {
        m_fatal = makeError(ErrorCode::Unsupported, "not an archive format libarchive knows");
        return *m_fatal;
    }
    m_entryBytes = 0;

    ArchiveEntryInfo info;
    const char *name = archive_entry_pathname_utf8(e);
    if (!name)
        name = archive_entry_pathname(e);
    info.rawPath = name ? name : "";
    if (archive_format(m_archive) == ARCHIVE_FORMAT_RAW)
        info.rawPath = m_rawEntryName;
    info.path = sanitizeEntryPath(info.rawPath);
    switch (archive_entry_filetype(e)) {
    case AE_IFREG: info.type = EntryType::File; break;
    case AE_IFDIR: info.type = EntryType::Directory; break;
    case AE_IFLNK: info.type = EntryType::Symlink; break;
    case 0: info.type = EntryType::File; break;  // raw and some zips leave it unset
    default: info.type = EntryType::Other; break;
    }
    if (archive_entry_size_is_set(e))
        info.size = archive_entry_size(e);
    info.modified = entryTime(archive_entry_mtime_is_set(e), archive_entry_mtime(e), archive_entry_mtime_nsec(e));
    info.accessed = entryTime(archive_entry_atime_is_set(e), archive_entry_atime(e), archive_entry_atime_nsec(e));
    info.changed = entryTime(archive_entry_ctime_is_set(e), archive_entry_ctime(e), archive_entry_ctime_nsec(e));
    info.created =
        entryTime(archive_entry_birthtime_is_set(e), archive_entry_birthtime(e), archive_entry_birthtime_nsec(e));
    if (const char *target = archive_entry_symlink_utf8(e))
        info.symlinkTarget = target;
    info.encrypted = archive_entry_is_encrypted(e) != 0;
    return std::optional<ArchiveEntryInfo>(std::move(info));
}

Result<std::size_t> ArchiveReader::readData(std::span<std::uint8_t> buf) {
    if (m_fatal)
        return *m_fatal;
    if (m_stop.stop_requested())
        return makeError(ErrorCode::Stopped, "stopped");
    const la_ssize_t n = archive_read_data(m_archive, buf.data(), buf.size());
    if (n < 0) {
        return makeError(ErrorCode::InvalidInput, "cannot read entry: " + archiveError(m_archive));
    }
    const auto got = static_cast<std::uint64_t>(n);
    m_bytesOut += got;
    m_entryBytes += got;
    const auto compressedIn = static_cast<std::uint64_t>(archive_filter_bytes(m_archive, -1));
    if (m_entryBytes > m_limits.maxItemBytes)
        return makeError(ErrorCode::LimitExceeded,
                         "entry is larger than the item size limit of " + std::to_string(m_limits.maxItemBytes) +
                             " bytes");
    if (m_bytesOut > m_limits.maxArchiveTotalBytes) {
        m_fatal = makeError(ErrorCode::LimitExceeded, "archive expands beyond the total size limit of " +
                                                          std::to_string(m_limits.maxArchiveTotalBytes) + " bytes");
        return *m_fatal;
    }
    if (m_bytesOut > m_limits.ratioCheckFloor && compressedIn > 0 &&
        static_cast<double>(m_bytesOut) / static_cast<double>(compressedIn) > m_limits.maxCompressionRatio) {
        m_fatal = makeError(ErrorCode::LimitExceeded,
                            "decompression ratio above " + std::to_string(static_cast<int>(m_limits.maxCompressionRatio)) +
                                ":1 (" + std::to_string(m_bytesOut) + " bytes out of " +
                                std::to_string(compressedIn) + "): possible decompression bomb");
        return *m_fatal;
    }
    return static_cast<std::size_t>(n);
}

}  // namespace harrier::ingest
