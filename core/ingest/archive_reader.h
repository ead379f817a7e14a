#pragma once
/// Reads archives through libarchive (zip incl. AES with passwords, 7z, tar,
/// rar, cab, cpio, and gz/bz2/xz/zstd single files) with hostile-input
/// limits: decompression ratio, total output, entry count and item size.

#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "base/byte_view.h"
#include "base/limits.h"
#include "base/result.h"
#include "base/utc_time.h"
#include "ingest/byte_stream.h"
#include "ingest/entry_path.h"

struct archive;

namespace harrier::ingest {

enum class EntryType { File, Directory, Symlink, Other };

struct ArchiveEntryInfo {
    std::string rawPath;
    EntryPath path;
    EntryType type = EntryType::File;
    std::optional<std::int64_t> size;
    std::optional<UtcTime> modified, accessed, changed, created;
    std::string symlinkTarget;
    bool encrypted = false;
};

/// True when the first bytes look like a container libarchive should open.
/// Office Open XML and OpenDocument files are zips but stay documents.
bool looksLikeArchive(ByteView head);

class ArchiveReader {
public:
    /// `displayName` names the single entry of a compressed file ("x.log" for "x.log.gz").
    static Result<std::unique_ptr<ArchiveReader>> open(const std::string &path, const std::string &displayName,
                                                       const std::vector<std::string> &passwords,
                                                       const Limits &limits, std::stop_token stop);
    ~ArchiveReader();
    ArchiveReader(const ArchiveReader &) = delete;
    ArchiveReader &operator=(const ArchiveReader &) = delete;

    /// The next entry, nullopt at the end. An error means nothing more can
    /// be read from this archive (corrupt, or a limit was breached).
    Result<std::optional<ArchiveEntryInfo>> next();
    /// The current entry's content; reading it enforces the limits.
    ByteStream &data() { return *m_data; }
    /// Set when reading stopped for a limit: the archive must not be read on.
    const std::optional<Error> &fatal() const { return m_fatal; }
    std::string formatName() const;
    std::uint64_t bytesOut() const { return m_bytesOut; }

private:
    ArchiveReader(const Limits &limits, std::stop_token stop) : m_limits(limits), m_stop(std::move(stop)) {}
    class EntryData;
    friend class EntryData;
    Result<std::size_t> readData(std::span<std::uint8_t> buf);

    struct archive *m_archive = nullptr;
    const Limits &m_limits;
    std::stop_token m_stop;
    std::unique_ptr<ByteStream> m_data;
    std::string m_rawEntryName;
    std::uint64_t m_entries = 0;
    std::uint64_t m_bytesOut = 0;
    std::uint64_t m_entryBytes = 0;
    std::optional<Error> m_fatal;
};

}  // namespace harrier::ingest
