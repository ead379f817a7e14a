#pragma once
/// MD5, SHA-1 and SHA-256 of one byte stream in a single pass: evidence is
/// read once, however many digests the analyst needs.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/byte_view.h"
#include "base/result.h"

namespace harrier {

struct FileHashes {
    std::string md5;
    std::string sha1;
    std::string sha256;
};

class MultiHasher {
public:
    MultiHasher();
    ~MultiHasher();
    MultiHasher(const MultiHasher &) = delete;
    MultiHasher &operator=(const MultiHasher &) = delete;

    /// From kParallelBytes on, MD5 runs on a second thread beside the SHAs.
    void update(ByteView bytes);
    static constexpr std::size_t kParallelBytes = 256u << 10;
    /// Lowercase hex digests; the hasher is reset and can be reused.
    FileHashes finish();

private:
    struct Contexts;
    std::unique_ptr<Contexts> m_ctx;
};

/// Hashes a file on disk, opened read-only.
Result<FileHashes> hashFile(const std::string &path);
/// SHA-256 only, as lowercase hex.
std::string sha256Hex(ByteView bytes);
std::string toHex(const std::uint8_t *data, std::size_t size);

}  // namespace harrier
