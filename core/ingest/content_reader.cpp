#include "ingest/content_reader.h"

#include <zstd.h>

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
// Level 1: the blob store must keep up with hashing, not win on size.
constexpr int kZstdLevel = 1;

struct CctxDeleter {
    void operator()(ZSTD_CCtx *c) const { ZSTD_freeCCtx(c); }
};

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

/// Streaming zstd into memory; gives up once the input passes the limit.
class BlobCompressor {
public:
    explicit BlobCompressor(std::uint64_t limit) : m_limit(limit) {
        if (limit > 0) {
            m_cctx.reset(ZSTD_createCCtx());
            ZSTD_CCtx_setParameter(m_cctx.get(), ZSTD_c_compressionLevel, kZstdLevel);
        }
    }
    void feed(ByteView bytes) {
        if (!m_cctx)
            return;
        m_in += bytes.size();
        if (m_in > m_limit) {
            m_cctx.reset();
            m_out.clear();
            m_out.shrink_to_fit();
            return;
        }
        run(bytes, ZSTD_e_continue);
    }
    std::optional<casestore::BlobRecord> finish(const std::string &sha256) {
        if (!m_cctx)
            return std::nullopt;
        run({}, ZSTD_e_end);
        casestore::BlobRecord b;
        b.sha256 = sha256;
        b.size = static_cast<std::int64_t>(m_in);
        b.compression = "zstd";
        b.data = std::move(m_out);
        return b;
    }

private:
    void run(ByteView bytes, ZSTD_EndDirective mode) {
        ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
        for (;;) {
            const std::size_t old = m_out.size();
            m_out.resize(old + ZSTD_CStreamOutSize());
            ZSTD_outBuffer out{m_out.data() + old, ZSTD_CStreamOutSize(), 0};
            const std::size_t rc = ZSTD_compressStream2(m_cctx.get(), &out, &in, mode);
            m_out.resize(old + out.pos);
            if (ZSTD_isError(rc)) {
                m_cctx.reset();  // cannot happen with valid buffers; keep no blob rather than a bad one
                return;
            }
            const bool done = mode == ZSTD_e_end ? rc == 0 : in.pos == in.size;
            if (done)
                return;
        }
    }

    std::unique_ptr<ZSTD_CCtx, CctxDeleter> m_cctx;
    std::uint64_t m_limit;
    std::uint64_t m_in = 0;
    std::vector<std::uint8_t> m_out;
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
    BlobCompressor blob(options.maxBlobBytes);
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
    std::vector<std::uint8_t> buf(kChunk);
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
    result.hashes = hasher.finish();
    result.blob = blob.finish(result.hashes.sha256);
    return result;
}

casestore::BlobRecord makeBlob(ByteView content, const std::string &sha256) {
    casestore::BlobRecord b;
    b.sha256 = sha256;
    b.size = static_cast<std::int64_t>(content.size());
    b.compression = "zstd";
    b.data.resize(ZSTD_compressBound(content.size()));
    const std::size_t n = ZSTD_compress(b.data.data(), b.data.size(), content.data(), content.size(), kZstdLevel);
    if (ZSTD_isError(n)) {
        b.compression = "none";
        b.data.assign(content.begin(), content.end());
    } else {
        b.data.resize(n);
    }
    return b;
}

SpoolDir::~SpoolDir() {
    if (m_created) {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
}

Result<SpoolDir::File> SpoolDir::create() {
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

void SpoolDir::remove(File &file) {
    if (file.fd >= 0)
        ::close(file.fd);
    if (!file.path.empty())
        ::unlink(file.path.c_str());
    file = {};
}

}  // namespace harrier::ingest
