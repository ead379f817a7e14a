#pragma once
/// A read-only libbfio handle over bytes in memory, for libpff to read a PST
/// held in memory. libbfio's own memory range is not used: its read copies
/// the requested size even when fewer bytes are left, so a read that crosses
/// the end of the range (a truncated or hostile PST) reads past the buffer.

#include <libbfio.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace harrier::parsers::outlook {

/// A libbfio handle reading `bytes` (kept alive by the handle and its clones),
/// or null if libbfio refused it. Free it with libbfio_handle_free.
libbfio_handle_t *newMemoryHandle(std::shared_ptr<const std::vector<std::uint8_t>> bytes);

}  // namespace harrier::parsers::outlook
