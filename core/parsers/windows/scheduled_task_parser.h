#pragma once
/// Windows Task Scheduler 2.0 task definitions (C:\Windows\System32\Tasks\...,
/// UTF-16 XML in the task namespace). Persistence lives here: the action's
/// command line, the account it runs as, and when it was registered.

#include "ingest/parser.h"

namespace harrier::parsers::windows {

class ScheduledTaskParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    bool parsesAlongside() const override { return true; }  // records only
};

}  // namespace harrier::parsers::windows
