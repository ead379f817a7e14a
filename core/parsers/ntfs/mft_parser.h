#pragma once
/// NTFS $MFT (a copied metadata file, not a volume) through libfsntfs's MFT
/// metadata file API: per entry the full path, $STANDARD_INFORMATION and
/// $FILE_NAME MACB times, size and deleted flag.

#include "ingest/parser.h"

namespace harrier::parsers::ntfs {

class MftParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    bool parsesAlongside() const override { return true; }  // records only
};

}  // namespace harrier::parsers::ntfs
