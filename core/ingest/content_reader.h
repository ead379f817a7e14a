#pragma once
/// Reads an item's bytes exactly once and does everything that needs all of
/// them on the way: the three hashes, the bytes of its blob for the case, and
/// (when a parser or archive needs random access) a spool copy on disk.

#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "base/hashing.h"
#include "base/result.h"
#include "casestore/case_writer.h"
#include "casestore/records.h"
#include "ingest/byte_stream.h"

namespace harrier::ingest {

inline constexpr std::size_t kHeadBytes = 64 * 1024;

/// Reads up to kHeadBytes from the start of a stream.
Result<std::vector<std::uint8_t>> readHead(ByteStream &stream);

struct ContentOptions {
    std::uint64_t maxBlobBytes = 0;  ///< 0: keep no blob
    int spoolFd = -1;                ///< also write everything here when >= 0
    std::stop_token stop;
    std::function<void(std::uint64_t)> onBytes;  ///< progress, bytes in this chunk
};

struct ContentResult {
    FileHashes hashes;
    std::uint64_t size = 0;
    std::optional<casestore::BlobRecord> blob;  ///< absent when over the limit; compressed by the writer
};

/// Consumes `head` then the rest of `stream`.
Result<ContentResult> readContent(ByteView head, ByteStream &stream, const ContentOptions &options);

/// A blob record for bytes already in memory. Blobs are queued uncompressed
/// (casestore::kCompressOnWrite): the case writer's thread compresses them.
casestore::BlobRecord makeBlob(ByteView content, const std::string &sha256);

/// Spool files live in one private directory beside the case (created 0700,
/// removed with everything in it when the pipeline ends). Names are
/// generated; nothing from evidence is ever used as a path. Released files are
/// emptied and handed out again: creating a file per archive entry made ext4
/// search its inode bitmaps past every recently deleted one, a quarter of the
/// walk's time on a collection. Thread-safe: parses beside the walk release
/// their files from another thread.
class SpoolDir {
public:
    explicit SpoolDir(std::string dir) : m_dir(std::move(dir)) {}
    ~SpoolDir();
    SpoolDir(const SpoolDir &) = delete;
    SpoolDir &operator=(const SpoolDir &) = delete;

    struct File {
        std::string path;
        int fd = -1;
    };
    /// An empty file open for reading and writing.
    Result<File> create();
    /// Done with the file: closed, emptied and kept for reuse (or deleted
    /// when enough are kept already).
    void release(File &file);
    const std::string &dir() const { return m_dir; }

    /// As many as parses beside the walk can hold (ParseWorker::kMaxQueuedTasks).
    static constexpr std::size_t kMaxKept = 1024;

private:
    std::string m_dir;
    std::mutex m_mutex;
    bool m_created = false;
    std::uint64_t m_counter = 0;
    std::vector<std::string> m_kept;  ///< released, empty, closed
};

}  // namespace harrier::ingest
