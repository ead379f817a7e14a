#include "ingest/content_reader.h"

#include <zstd.h>

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
// Level 1: the blob store must keep up with hashing, not win on size.
constexpr int kZstdLevel = 1;

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

struct CctxDeleter {
    void operator()(ZSTD_CCtx *c) const { ZSTD_freeCCtx(c); }
};
using CctxPtr = std::unique_ptr<ZSTD_CCtx, CctxDeleter>;

CctxPtr newCctx() {
    CctxPtr c(ZSTD_createCCtx());
    if (c)
        ZSTD_CCtx_setParameter(c.get(), ZSTD_c_compressionLevel, kZstdLevel);
    return c;
}

/// One compression context per thread, reused for every item: creating one
/// per item (and per raw message) cost more than compressing small items.
/// Same parameters, so the same output as a fresh context. A context in use
/// (never expected: compressions do not nest) makes the caller use its own.
class PooledCctx {
public:
    explicit PooledCctx(bool &busy, CctxPtr &shared) : m_busy(busy) {
        if (!busy && (shared || (shared = newCctx()))) {
            busy = true;
            m_borrowed = true;
            m_ctx = shared.get();
            ZSTD_CCtx_reset(m_ctx, ZSTD_reset_session_only);  // a frame given up half way leaves state behind
        } else {
            m_own = newCctx();
            m_ctx = m_own.get();
        }
    }
    ~PooledCctx() {
        if (m_borrowed)
            m_busy = false;
    }
    PooledCctx(const PooledCctx &) = delete;
    PooledCctx &operator=(const PooledCctx &) = delete;
    ZSTD_CCtx *get() const { return m_ctx; }

private:
    bool &m_busy;
    bool m_borrowed = false;
    CctxPtr m_own;
    ZSTD_CCtx *m_ctx = nullptr;
};

thread_local bool t_streamBusy = false, t_oneShotBusy = false;
thread_local CctxPtr t_streamCctx, t_oneShotCctx;

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

/// Streaming zstd into memory; gives up once the input passes the limit.
class BlobCompressor {
public:
    explicit BlobCompressor(std::uint64_t limit) : m_limit(limit) {
        if (limit > 0) {
            m_cctx.emplace(t_streamBusy, t_streamCctx);
            if (!m_cctx->get())
                m_cctx.reset();  // out of memory: no blob, as before
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
        if (!m_cctx)
            return std::nullopt;
        casestore::BlobRecord b;
        b.sha256 = sha256;
        b.size = static_cast<std::int64_t>(m_in);
        b.compression = "zstd";
        b.data = std::move(m_out);
        return b;
    }

private:
    void run(ByteView bytes, ZSTD_EndDirective mode) {
        // Compress into a reused staging buffer and append what came out,
        // rather than growing (and zero-filling) the output per call.
        thread_local Scratch staging;
        const std::size_t cap = ZSTD_CStreamOutSize();
        std::uint8_t *stage = staging.get(cap);
        ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
        for (;;) {
            ZSTD_outBuffer out{stage, cap, 0};
            const std::size_t rc = ZSTD_compressStream2(m_cctx->get(), &out, &in, mode);
            if (ZSTD_isError(rc)) {
                m_cctx.reset();  // cannot happen with valid buffers; keep no blob rather than a bad one
                return;
            }
            m_out.insert(m_out.end(), stage, stage + out.pos);
            const bool done = mode == ZSTD_e_end ? rc == 0 : in.pos == in.size;
            if (done)
                return;
        }
    }

    std::optional<PooledCctx> m_cctx;
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
    b.compression = "zstd";
    thread_local Scratch output;
    const std::size_t bound = ZSTD_compressBound(content.size());
    std::uint8_t *out = output.get(bound);
    const PooledCctx cctx(t_oneShotBusy, t_oneShotCctx);
    // ZSTD_compressCCtx is what ZSTD_compress runs on a fresh context: same frame.
    const std::size_t n = cctx.get() ? ZSTD_compressCCtx(cctx.get(), out, bound, content.data(), content.size(), kZstdLevel)
                                     : ZSTD_compress(out, bound, content.data(), content.size(), kZstdLevel);
    if (ZSTD_isError(n)) {
        b.compression = "none";
        b.data.assign(content.begin(), content.end());
    } else {
        b.data.assign(out, out + n);
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
