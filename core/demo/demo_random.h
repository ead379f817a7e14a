#pragma once
/// The demo's random source. Its own splitmix64 rather than <random>: the
/// standard distributions may differ between library versions, and the demo
/// must be byte-for-byte the same everywhere for one seed, so tests can state
/// what it contains.

#include <cstdint>
#include <string>
#include <vector>

namespace harrier::demo {

class DemoRandom {
public:
    explicit DemoRandom(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, n); the modulo bias is irrelevant for scenario text.
    int below(int n) { return n <= 0 ? 0 : static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
    /// Uniform in [lo, hi].
    int between(int lo, int hi) { return lo + below(hi - lo + 1); }
    bool chance(int percent) { return below(100) < percent; }
    template <typename T>
    const T &pick(const std::vector<T> &v) {
        return v[static_cast<std::size_t>(below(static_cast<int>(v.size())))];
    }
    std::string hex(int digits) {
        static constexpr char kHex[] = "0123456789abcdef";
        std::string s;
        for (int i = 0; i < digits; ++i)
            s += kHex[next() & 15];
        return s;
    }

private:
    std::uint64_t m_state;
};

}  // namespace harrier::demo
