#pragma once
/// A libpff file handle for the PST reader. libpff reads a PST through
/// libbfio one page at a time, each an lseek and a read system call: 5,500 of
/// each for the corpus' 3.3 MB PST (recovery scan included), and now a second
/// handle reads it for the scan. A PST up to kMaxInMemoryPst is therefore read into memory once and
/// both handles read it through a memory handle (bfio_memory_handle.h); a larger one is opened
/// by path as before. The bytes are the file's, so libpff reads the same.

#include <libbfio.h>
#include <libpff.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace harrier::parsers::outlook {

inline constexpr std::uint64_t kMaxInMemoryPst = 64u << 20;

/// A PST's bytes, shared by the handles opened on them.
using PstBytes = std::shared_ptr<const std::vector<std::uint8_t>>;
/// The file's bytes if it is at most `limit` long and reads whole, else null.
PstBytes loadPstBytes(const std::string &path, std::uint64_t limit = kMaxInMemoryPst);

/// Opens, closes and frees one libpff file (forgetting libpff's name-to-id
/// answers each time, see pff_name_map_cache.h).
class PffFile {
public:
    PffFile() = default;
    ~PffFile() { close(); }
    PffFile(const PffFile &) = delete;
    PffFile &operator=(const PffFile &) = delete;

    /// 1 when open, else -1 (or kInitializeFailed) with libpff's error in
    /// `error`; from `bytes` when given, else (and to report a failure in
    /// libpff's words for the path) by path.
    int open(const std::string &path, PstBytes bytes, libpff_error_t **error);
    static constexpr int kInitializeFailed = -2;
    libpff_file_t *get() const { return m_file; }
    void close();

private:
    int openFromMemory(libpff_error_t **error);

    libpff_file_t *m_file = nullptr;
    libbfio_handle_t *m_io = nullptr;
    PstBytes m_bytes;
};

}  // namespace harrier::parsers::outlook
