#pragma once
/// Reads a libyal "get_utf8_X_size / get_utf8_X" string pair (liblnk, libevtx,
/// libevt, ...). Absent fields (0), failures (-1) and implausible sizes from a
/// hostile file all give "": a bad field never stops the record. Invalid
/// UTF-8 is replaced, so the text is safe to store and to print as JSON.

#include <cstdint>
#include <cstring>
#include <string>

#include "parsers/support/text_util.h"

namespace harrier::parsers::support {

inline constexpr std::size_t kMaxLibyalString = 16u << 20;

template <typename Handle, typename SizeFn, typename GetFn>
std::string libyalUtf8(Handle *handle, SizeFn sizeFn, GetFn getFn) {
    std::size_t size = 0;
    // A null error pointer: libyal then allocates no error object to free.
    if (sizeFn(handle, &size, nullptr) != 1 || size <= 1 || size > kMaxLibyalString)
        return {};
    std::string s(size, '\0');
    if (getFn(handle, reinterpret_cast<std::uint8_t *>(s.data()), size, nullptr) != 1)
        return {};
    s.resize(std::strlen(s.c_str()));  // drop the terminator libyal counts in size
    return sanitizeUtf8(s);
}

}  // namespace harrier::parsers::support
