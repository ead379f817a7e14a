#pragma once
/// Windows setupapi.dev.log / setupapi.setup.log: each ">>>  [title]" section
/// has a start and an end time (machine local time, no zone: read as UTC and
/// said so) and an exit status. Device installs here date a USB first-use.

#include "ingest/parser.h"

namespace harrier::parsers::textlog {

class SetupApiParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    bool parsesAlongside() const override { return true; }  // records only
};

}  // namespace harrier::parsers::textlog
