#pragma once
/// Apache / Nginx access logs in the common and combined formats:
/// host ident user [10/Oct/2000:13:55:36 -0700] "request" status bytes ["referer" "agent"]

#include <optional>

#include "base/utc_time.h"
#include "ingest/parser.h"

namespace harrier::parsers::textlog {

struct AccessLogLine {
    UtcTime time;
    std::string client, ident, user, request, status, bytes, referer, agent;
};

std::optional<AccessLogLine> parseAccessLogLine(std::string_view line);

class AccessLogParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    bool parsesAlongside() const override { return true; }  // records only
};

}  // namespace harrier::parsers::textlog
