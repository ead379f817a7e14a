#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace harrier {

using ByteView = std::span<const std::uint8_t>;

inline std::string_view asText(ByteView bytes) {
    return {reinterpret_cast<const char *>(bytes.data()), bytes.size()};
}

inline ByteView asBytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t *>(text.data()), text.size()};
}

}  // namespace harrier
