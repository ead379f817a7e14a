#pragma once
/// Sequential read access to an item's bytes: a file on disk, an archive
/// entry, a decoded attachment. Read once, front to back.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "base/result.h"

namespace harrier::ingest {

class ByteStream {
public:
    virtual ~ByteStream() = default;
    /// Fills up to buf.size() bytes; 0 means end of stream.
    virtual Result<std::size_t> read(std::span<std::uint8_t> buf) = 0;
    /// Streams whose bytes already sit in memory hand out the unread rest
    /// (and count it as read), so readers need not copy it through a buffer.
    virtual std::optional<std::span<const std::uint8_t>> takeRest() { return std::nullopt; }
};

/// A file opened read-only (O_NOFOLLOW: evidence symlinks are not followed).
class FileStream final : public ByteStream {
public:
    static Result<std::unique_ptr<FileStream>> open(const std::string &path);
    ~FileStream() override;
    FileStream(const FileStream &) = delete;
    FileStream &operator=(const FileStream &) = delete;
    Result<std::size_t> read(std::span<std::uint8_t> buf) override;

private:
    explicit FileStream(int fd, std::string path) : m_fd(fd), m_path(std::move(path)) {}
    int m_fd;
    std::string m_path;
};

/// Bytes already in memory.
class MemoryStream final : public ByteStream {
public:
    explicit MemoryStream(std::span<const std::uint8_t> data) : m_data(data) {}
    Result<std::size_t> read(std::span<std::uint8_t> buf) override;
    std::optional<std::span<const std::uint8_t>> takeRest() override;

private:
    std::span<const std::uint8_t> m_data;
    std::size_t m_pos = 0;
};

}  // namespace harrier::ingest
