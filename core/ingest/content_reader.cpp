#include "ingest/content_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace harrier::ingest {

namespace {

constexpr std::size_t kChunk = 1 << 20;

Result<void> writeAll(int fd, ByteView bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return makeError(ErrorCode::Io, std::string("spool write failed: ") + std::strerror(errno));
        }
        done += static_cast<std::size_t>(n);
    }
    return {};
}

/// Uninitialised scratch memory: zero-filling a 1 MiB read buffer per item
/// (and a compress-bound output per raw message) cost as much as hashing them.
struct Scratch {
    std::unique_ptr<std::uint8_t[]> data;
    std::size_t size = 0;
    std::uint8_t *get(std::size_t n) {
        if (size < n) {
            data = std::make_unique_for_overwrite<std::uint8_t[]>(n);
            size = n;
        }
        return data.get();
    }
};

/// The item's bytes for its blob, up to the blob limit. Compression happens
/// on the case writer's thread (casestore::kCompressOnWrite), beside parsing.
class BlobCollector {
public:
    explicit BlobCollector(std::uint64_t limit) : m_limit(limit), m_keep(limit > 0) {}
    void feed(ByteView bytes) {
        if (!m_keep)
            return;
        m_in += bytes.size();
        if (m_in > m_limit) {
            m_keep = false;
            m_data = {};
            return;
        }
        m_data.insert(m_data.end(), bytes.begin(), bytes.end());
    }
    std::optional<casestore::BlobRecord> finish(const std::string &sha256) {
        if (!m_keep)
            return std::nullopt;
        casestore::BlobRecord b;
        b.sha256 = sha256;
        b.size = static_cast<std::int64_t>(m_in);
        b.compression = casestore::kCompressOnWrite;
        b.data = std::move(m_data);
        return b;
    }

private:
    std::uint64_t m_limit;
    bool m_keep;
    std::uint64_t m_in = 0;
    std::vector<std::uint8_t> m_data;
};

}  // namespace

Result<std::vector<std::uint8_t>> readHead(ByteStream &stream) {
    std::vector<std::uint8_t> head(kHeadBytes);
    std::size_t got = 0;
    while (got < head.size()) {
        auto n = stream.read(std::span(head).subspan(got));
        if (!n)
            return n.error();
        if (*n == 0)
            break;
        got += *n;
    }
    head.resize(got);
    return head;
}

Result<ContentResult> readContent(ByteView head, ByteStream &stream, const ContentOptions &options) {
    MultiHasher hasher;
    BlobCollector blob(options.maxBlobBytes);
    ContentResult result;
    auto consume = [&](ByteView bytes) -> Result<void> {
        hasher.update(bytes);
        blob.feed(bytes);
        result.size += bytes.size();
        if (options.spoolFd >= 0)
            if (auto r = writeAll(options.spoolFd, bytes); !r)
                return r;
        if (options.onBytes)
            options.onBytes(bytes.size());
        return {};
    };
    if (auto r = consume(head); !r)
        return r.error();
    if (auto rest = stream.takeRest()) {
        // Already in memory (a decoded attachment): consumed in place, in
        // the same chunk sizes a read loop would use.
        for (std::size_t pos = 0; pos < rest->size(); pos += kChunk) {
            if (options.stop.stop_requested())
                return makeError(ErrorCode::Stopped, "stopped");
            if (auto r = consume(rest->subspan(pos, std::min(kChunk, rest->size() - pos))); !r)
                return r.error();
        }
    } else {
        thread_local Scratch readBuffer;
        const std::span<std::uint8_t> buf(readBuffer.get(kChunk), kChunk);
        for (;;) {
            if (options.stop.stop_requested())
                return makeError(ErrorCode::Stopped, "stopped");
            auto n = stream.read(buf);
            if (!n)
                return n.error();
            if (*n == 0)
                break;
            if (auto r = consume(ByteView(buf.data(), *n)); !r)
                return r.error();
        }
    }
    result.hashes = hasher.finish();
    result.blob = blob.finish(result.hashes.sha256);
    return result;
}

casestore::BlobRecord makeBlob(ByteView content, const std::string &sha256) {
    casestore::BlobRecord b;
    b.sha256 = sha256;
    b.size = static_cast<std::int64_t>(content.size());
    b.compression = casestore::kCompressOnWrite;
    b.data.assign(content.begin(), content.end());
    return b;
}

SpoolDir::~SpoolDir() {
    if (m_created) {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
}

Result<SpoolDir::File> SpoolDir::create() {
    std::lock_guard lock(m_mutex);
    while (!m_kept.empty()) {
        File f;
        f.path = std::move(m_kept.back());
        m_kept.pop_back();
        f.fd = ::open(f.path.c_str(), O_RDWR | O_TRUNC | O_CLOEXEC | O_NOFOLLOW);
        if (f.fd >= 0)
            return f;
        ::unlink(f.path.c_str());  // gone or unusable: make a new one
    }
    if (!m_created) {
        if (::mkdir(m_dir.c_str(), 0700) != 0 && errno != EEXIST)
            return makeError(ErrorCode::Io, "cannot create spool directory " + m_dir + ": " + std::strerror(errno));
        m_created = true;
    }
    File f;
    f.path = m_dir + "/item-" + std::to_string(::getpid()) + "-" + std::to_string(++m_counter);
    f.fd = ::open(f.path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (f.fd < 0)
        return makeError(ErrorCode::Io, "cannot create spool file " + f.path + ": " + std::strerror(errno));
    return f;
}

void SpoolDir::release(File &file) {
    if (file.fd >= 0)
        ::close(file.fd);
    if (!file.path.empty()) {
        // Emptied now, not at reuse: a kept file must not hold an item's bytes.
        bool kept = false;
        if (::truncate(file.path.c_str(), 0) == 0) {
            std::lock_guard lock(m_mutex);
            if (m_kept.size() < kMaxKept) {
                m_kept.push_back(file.path);
                kept = true;
            }
        }
        if (!kept)
            ::unlink(file.path.c_str());
    }
    file = {};
}

}  // namespace harrier::ingest
