#pragma once
/// The mail family's parsers: mbox files, single RFC 822 messages (.eml,
/// Maildir files, extension-less exports, claimed by content) and bare
/// TNEF files (winmail.dat saved on its own).

#include "ingest/parser.h"

namespace harrier::parsers::mail {

class MboxParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
};

class EmlParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    /// How many of the leading lines are well-known mail headers (0 when
    /// the head does not look like a header block at all).
    static int mailHeaderScore(ByteView head);
    /// Maildir flags from a file name ("1234.host:2,RS" -> "RS"); nullopt when
    /// the name is not in Maildir form.
    static std::optional<std::string> maildirFlags(std::string_view name);
};

class TnefParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
};

}  // namespace harrier::parsers::mail
