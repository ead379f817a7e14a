#pragma once
/// Shell histories: bash (~/.bash_history, with "#<epoch>" lines when
/// HISTTIMEFORMAT was set) and PowerShell PSReadLine ConsoleHost_history.txt.
/// Commands without their own time are placed at the history file's
/// modification time and say so in their timestamp description.

#include "ingest/parser.h"

namespace harrier::parsers::textlog {

class HistoryParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    bool parsesAlongside() const override { return true; }  // records only
};

}  // namespace harrier::parsers::textlog
