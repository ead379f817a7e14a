#include "parsers/outlook/pff_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "parsers/outlook/bfio_memory_handle.h"
#include "parsers/outlook/pff_name_map_cache.h"

namespace harrier::parsers::outlook {

PstBytes loadPstBytes(const std::string &path, std::uint64_t limit) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return nullptr;
    struct stat st {};
    PstBytes out;
    if (::fstat(fd, &st) == 0 && st.st_size > 0 && static_cast<std::uint64_t>(st.st_size) <= limit) {
        auto bytes = std::make_shared<std::vector<std::uint8_t>>(static_cast<std::size_t>(st.st_size));
        std::size_t got = 0;
        while (got < bytes->size()) {
            const ssize_t n = ::read(fd, bytes->data() + got, bytes->size() - got);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            got += static_cast<std::size_t>(n);
        }
        if (got == bytes->size())
            out = std::move(bytes);  // else it changed under us: read it by path
    }
    ::close(fd);
    return out;
}

int PffFile::openFromMemory(libpff_error_t **error) {
    m_io = newMemoryHandle(m_bytes);
    if (!m_io)
        return -1;
    return libpff_file_open_file_io_handle(m_file, m_io, LIBPFF_ACCESS_FLAG_READ, error);
}

int PffFile::open(const std::string &path, PstBytes bytes, libpff_error_t **error) {
    close();
    if (libpff_file_initialize(&m_file, error) != 1) {
        m_file = nullptr;
        return kInitializeFailed;
    }
    forgetPffNameAnswers();
    m_bytes = std::move(bytes);
    int rc = -1;
    if (m_bytes) {
        libpff_error_t *memoryError = nullptr;
        rc = openFromMemory(&memoryError);
        if (memoryError)
            libpff_error_free(&memoryError);
        if (rc != 1) {
            // Not readable from memory: start again by path, so a failure is
            // reported as it always was.
            libpff_file_free(&m_file, nullptr);
            if (m_io)
                libbfio_handle_free(&m_io, nullptr);
            m_file = nullptr;
            m_io = nullptr;
            m_bytes.reset();
            forgetPffNameAnswers();
            if (libpff_file_initialize(&m_file, error) != 1) {
                m_file = nullptr;
                return kInitializeFailed;
            }
        }
    }
    if (rc != 1)
        rc = libpff_file_open(m_file, path.c_str(), LIBPFF_ACCESS_FLAG_READ, error);
    forgetPffNameAnswers();  // a failed open has freed the map it read
    if (rc != 1) {
        libpff_file_free(&m_file, nullptr);
        m_file = nullptr;
    }
    return rc;
}

void PffFile::close() {
    if (m_file) {
        libpff_file_close(m_file, nullptr);
        libpff_file_free(&m_file, nullptr);
        m_file = nullptr;
        forgetPffNameAnswers();
    }
    if (m_io) {
        libbfio_handle_free(&m_io, nullptr);
        m_io = nullptr;
    }
    m_bytes.reset();
}

}  // namespace harrier::parsers::outlook
