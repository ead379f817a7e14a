#pragma once
/// Recycle Bin "$I" index files (Vista+): version 1 (fixed 260-character
/// path) and version 2 (Windows 10, length-prefixed path). Each gives the
/// original path, size and deletion time of the "$R" file beside it.

#include <optional>

#include "base/utc_time.h"
#include "ingest/parser.h"

namespace harrier::parsers::windows {

struct RecycleBinEntry {
    int version = 0;
    std::uint64_t size = 0;
    std::optional<UtcTime> deleted;
    std::string originalPath;
};

/// Decodes a $I file's bytes; nullopt when they are not one.
std::optional<RecycleBinEntry> decodeRecycleBinIndex(ByteView data);

class RecycleBinParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    bool parsesAlongside() const override { return true; }  // records only
};

}  // namespace harrier::parsers::windows
