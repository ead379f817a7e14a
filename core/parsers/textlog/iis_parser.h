#pragma once
/// IIS (and other W3C extended) logs. The "#Fields:" directive names the
/// columns and may change mid-file; "#Date:" supplies the date when the
/// fields have only a time. W3C times are UTC.

#include "ingest/parser.h"

namespace harrier::parsers::textlog {

class IisParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    bool parsesAlongside() const override { return true; }  // records only
};

}  // namespace harrier::parsers::textlog
