#pragma once
/// Safety limits for hostile evidence. Every breach becomes an ingest error
/// on the item; the rest of the ingest goes on.

#include <cstdint>

namespace harrier {

struct Limits {
    /// Deepest archive-in-archive (the top container is depth 1).
    int maxNestingDepth = 8;
    /// Uncompressed bytes per compressed byte read, over a whole archive.
    double maxCompressionRatio = 200.0;
    /// The ratio check starts once this many bytes came out, so tiny
    /// highly compressible files (a zip of zeros in a test suite) pass.
    std::uint64_t ratioCheckFloor = 16ULL << 20;
    /// Uncompressed bytes one archive may yield in all.
    std::uint64_t maxArchiveTotalBytes = 64ULL << 30;
    /// Largest single item the pipeline will read.
    std::uint64_t maxItemBytes = 32ULL << 30;
    /// Largest content kept as a blob in the case; larger items are hashed
    /// and parsed but their bytes are not copied into the case.
    std::uint64_t maxBlobBytes = 64ULL << 20;
    /// Entries one archive may list.
    std::uint64_t maxArchiveEntries = 2'000'000;
};

}  // namespace harrier
