#pragma once
/// Safari `History.db` (macOS 10.10+): history_visits joined to history_items.

#include "ingest/parser.h"

namespace harrier::parsers::browser {

class SafariHistoryParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    bool parsesAlongside() const override { return true; }  // records only
};

}  // namespace harrier::parsers::browser
