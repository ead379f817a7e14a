#pragma once
/// Chrome / Edge (Chromium) `History`: visits (URL, title, transition, time)
/// and downloads (target path, URL chain, start/end times), old and new schemas.

#include "ingest/parser.h"

namespace harrier::parsers::browser {

class ChromeHistoryParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    bool parsesAlongside() const override { return true; }  // records only
};

}  // namespace harrier::parsers::browser
