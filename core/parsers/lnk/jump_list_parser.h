#pragma once
/// Windows Jump Lists (*.automaticDestinations-ms): an OLE compound file
/// whose numbered streams are shell links. libolecf reads the streams, each
/// is written to a private temporary file and read with liblnk.

#include "ingest/parser.h"

namespace harrier::parsers::lnk {

class JumpListParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    bool parsesAlongside() const override { return true; }  // records only
};

}  // namespace harrier::parsers::lnk
