#pragma once
/// Windows XML event logs (.evtx) through libevtx. Every record, allocated
/// or recovered from a damaged chunk, becomes one timeline event; see
/// docs/ARCHITECTURE.md ("EVTX records are events") for why there is no
/// per-record object.

#include "ingest/parser.h"

namespace harrier::parsers::evtx {

class EvtxParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    /// Records become events, errors and counts only: safe beside the walk.
    bool parsesAlongside() const override { return true; }
};

/// Windows event level number as Event Viewer names it.
std::string_view levelName(int level);

}  // namespace harrier::parsers::evtx
