#pragma once
/// Windows Shell Link files (.lnk) through liblnk.

#include "ingest/parser.h"

namespace harrier::parsers::lnk {

class LnkParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    bool parsesAlongside() const override { return true; }  // records only
};

}  // namespace harrier::parsers::lnk
