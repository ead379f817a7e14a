#pragma once
/// Legacy Windows event logs (.evt, NT 4 to XP/2003) through libevt.

#include "ingest/parser.h"

namespace harrier::parsers::evtx {

class EvtParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    /// Records become events, errors and counts only: safe beside the walk.
    bool parsesAlongside() const override { return true; }
};

}  // namespace harrier::parsers::evtx
