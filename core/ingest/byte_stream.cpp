#include "ingest/byte_stream.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <unistd.h>

namespace harrier::ingest {

Result<std::unique_ptr<FileStream>> FileStream::open(const std::string &path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
    if (fd < 0)
        return makeError(ErrorCode::Io, "cannot open " + path + ": " + std::strerror(errno));
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return std::unique_ptr<FileStream>(new FileStream(fd, path));
}

FileStream::~FileStream() { ::close(m_fd); }

Result<std::size_t> FileStream::read(std::span<std::uint8_t> buf) {
    for (;;) {
        const ssize_t n = ::read(m_fd, buf.data(), buf.size());
        if (n >= 0)
            return static_cast<std::size_t>(n);
        if (errno != EINTR)
            return makeError(ErrorCode::Io, "read failed on " + m_path + ": " + std::strerror(errno));
    }
}

Result<std::size_t> MemoryStream::read(std::span<std::uint8_t> buf) {
    const std::size_t n = std::min(buf.size(), m_data.size() - m_pos);
    std::copy_n(m_data.begin() + static_cast<std::ptrdiff_t>(m_pos), n, buf.begin());
    m_pos += n;
    return n;
}

std::optional<std::span<const std::uint8_t>> MemoryStream::takeRest() {
    const auto rest = m_data.subspan(m_pos);
    m_pos = m_data.size();
    return rest;
}

}  // namespace harrier::ingest
