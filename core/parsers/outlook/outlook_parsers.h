#pragma once
/// The Outlook family's parsers: PST/OST/PAB stores (libpff) and single
/// .msg files (libolecf), both written into the email data model.

#include "ingest/parser.h"

namespace harrier::parsers::outlook {

class PstParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
};

class MsgParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    /// "__substg1.0_" as UTF-16LE: an MSG directory entry name.
    static bool headHasMsgStreams(ByteView head);
};

}  // namespace harrier::parsers::outlook
