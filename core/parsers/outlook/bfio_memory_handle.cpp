#include "parsers/outlook/bfio_memory_handle.h"

#include <fcntl.h>  // SEEK_SET, SEEK_CUR, SEEK_END

#include <algorithm>
#include <cstring>

namespace harrier::parsers::outlook {

namespace {

struct MemoryIo {
    std::shared_ptr<const std::vector<std::uint8_t>> bytes;
    std::uint64_t offset = 0;
    bool open = false;
};

MemoryIo *io(intptr_t *handle) { return reinterpret_cast<MemoryIo *>(handle); }

int freeIo(intptr_t **handle, libbfio_error_t **) {
    if (handle) {
        delete io(*handle);
        *handle = nullptr;
    }
    return 1;
}

int cloneIo(intptr_t **destination, intptr_t *source, libbfio_error_t **) {
    if (!destination || !source)
        return -1;
    *destination = reinterpret_cast<intptr_t *>(new MemoryIo{io(source)->bytes});
    return 1;
}

int openIo(intptr_t *handle, int accessFlags, libbfio_error_t **) {
    if (accessFlags & LIBBFIO_ACCESS_FLAG_WRITE)
        return -1;  // evidence is never written
    io(handle)->open = true;
    return 1;
}

int closeIo(intptr_t *handle, libbfio_error_t **) {
    io(handle)->open = false;
    return 0;
}

ssize_t readIo(intptr_t *handle, uint8_t *buffer, size_t size, libbfio_error_t **) {
    MemoryIo *m = io(handle);
    if (!m->open || !buffer)
        return -1;
    const std::uint64_t total = m->bytes->size();
    if (m->offset >= total)
        return 0;
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(size, total - m->offset));
    std::memcpy(buffer, m->bytes->data() + m->offset, n);
    m->offset += n;
    return static_cast<ssize_t>(n);
}

ssize_t writeIo(intptr_t *, const uint8_t *, size_t, libbfio_error_t **) { return -1; }

off64_t seekIo(intptr_t *handle, off64_t offset, int whence, libbfio_error_t **) {
    MemoryIo *m = io(handle);
    off64_t base = 0;
    if (whence == SEEK_CUR)
        base = static_cast<off64_t>(m->offset);
    else if (whence == SEEK_END)
        base = static_cast<off64_t>(m->bytes->size());
    else if (whence != SEEK_SET)
        return -1;
    if (offset < 0 ? offset < -base : offset > INT64_MAX - base)
        return -1;
    m->offset = static_cast<std::uint64_t>(base + offset);  // past the end reads nothing
    return base + offset;
}

int existsIo(intptr_t *, libbfio_error_t **) { return 1; }

int isOpenIo(intptr_t *handle, libbfio_error_t **) { return io(handle)->open ? 1 : 0; }

int sizeIo(intptr_t *handle, size64_t *size, libbfio_error_t **) {
    if (!size)
        return -1;
    *size = io(handle)->bytes->size();
    return 1;
}

}  // namespace

libbfio_handle_t *newMemoryHandle(std::shared_ptr<const std::vector<std::uint8_t>> bytes) {
    if (!bytes)
        return nullptr;
    auto *state = new MemoryIo{std::move(bytes)};
    libbfio_handle_t *handle = nullptr;
    libbfio_error_t *error = nullptr;
    if (libbfio_handle_initialize(&handle, reinterpret_cast<intptr_t *>(state), freeIo, cloneIo, openIo, closeIo,
                                  readIo, writeIo, seekIo, existsIo, isOpenIo, sizeIo,
                                  LIBBFIO_FLAG_IO_HANDLE_MANAGED | LIBBFIO_FLAG_IO_HANDLE_CLONE_BY_FUNCTION,
                                  &error) != 1) {
        libbfio_error_free(&error);
        delete state;
        return nullptr;
    }
    return handle;
}

}  // namespace harrier::parsers::outlook
