// One-pass MD5+SHA-1+SHA-256 (MultiHasher over each file) against the anchor
// `openssl dgst` run once per algorithm over the same files, in the same run.
// Ratio = anchor time / Harrier time; goal >= 0.8.
//   bench_hashing [TOTAL_MIB=512] [ROUNDS=5]
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "base/hashing.h"
#include "bench_util.h"

namespace fs = std::filesystem;
using namespace harrier;

int main(int argc, char **argv) {
    const int totalMiB = argc > 1 ? std::atoi(argv[1]) : 512;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
    const fs::path dir = fs::temp_directory_path() / "harrier-bench-hashing";
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::mt19937_64 rng(42);
    std::vector<std::string> files;
    std::vector<char> chunk(1 << 20);
    const int fileMiB = 8;
    for (int f = 0; f < totalMiB / fileMiB; ++f) {
        const std::string path = (dir / ("f" + std::to_string(f) + ".bin")).string();
        std::ofstream out(path, std::ios::binary);
        for (int m = 0; m < fileMiB; ++m) {
            for (auto &c : chunk)
                c = static_cast<char>(rng());
            out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        }
        files.push_back(path);
    }
    std::string list;
    for (const auto &f : files)
        list += " " + f;
    // Warm the page cache so both sides read from memory.
    bench::runShell("cat" + list + " > /dev/null");

    const auto r = bench::alternate(
        rounds,
        [&] {
            for (const auto &f : files)
                if (!hashFile(f))
                    std::fprintf(stderr, "hash failed: %s\n", f.c_str());
        },
        [&] {
            for (const char *alg : {"-md5", "-sha1", "-sha256"})
                bench::runShell(std::string("openssl dgst ") + alg + list + " > /dev/null");
        });
    const double mib = static_cast<double>(files.size()) * fileMiB;
    std::printf("hashing: %d MiB in %zu files, median of %d rounds\n", static_cast<int>(mib), files.size(), rounds);
    std::printf("  harrier one pass (md5+sha1+sha256): %.3f s  (%.0f MiB/s)\n", r.harrier, mib / r.harrier);
    std::printf("  openssl dgst x3 (anchor):           %.3f s  (%.0f MiB/s)\n", r.anchor, mib / r.anchor);
    std::printf("  ratio anchor/harrier: %.2f  (goal >= 0.8)\n", r.anchor / r.harrier);
    fs::remove_all(dir);
    return 0;
}
