#include "base/uuid.h"

#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <stdexcept>

#include "base/hashing.h"

namespace harrier {

std::string newUuid() {
    std::array<std::uint8_t, 16> b{};
    if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1)
        throw std::runtime_error("OpenSSL RAND_bytes failed");  // no entropy: nothing sane to do
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);
    const std::string hex = toHex(b.data(), b.size());
    return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' +
           hex.substr(16, 4) + '-' + hex.substr(20, 12);
}

}  // namespace harrier
