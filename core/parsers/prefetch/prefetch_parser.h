#pragma once
/// Windows Prefetch (.pf, format versions 17 to 30, MAM-compressed on
/// Windows 10) through libscca: executable, run count, up to 8 last-run
/// times, volumes and referenced files.

#include "ingest/parser.h"

namespace harrier::parsers::prefetch {

class PrefetchParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    bool parsesAlongside() const override { return true; }  // records only
};

}  // namespace harrier::parsers::prefetch
