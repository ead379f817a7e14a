#pragma once
/// Internet Explorer `index.dat` (MSIE Cache File) through libmsiecf: URL
/// records of History.IE5, Content.IE5, cookies and downloads, including the
/// ones libmsiecf recovers from unallocated blocks.

#include "ingest/parser.h"

namespace harrier::parsers::browser {

class MsiecfParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    bool parsesAlongside() const override { return true; }  // records only
};

}  // namespace harrier::parsers::browser
