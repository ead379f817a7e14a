#pragma once
/// syslog and auth.log: traditional BSD lines ("Jan 22 07:52:33 host prog[pid]: msg",
/// no year, no zone), rsyslog ISO timestamps and RFC 5424. The missing year
/// is inferred from the item's modification time: the last line is taken to
/// be no later than it, and the year steps back at each December-to-January
/// roll-over seen while reading.

#include <optional>

#include "base/utc_time.h"
#include "ingest/parser.h"

namespace harrier::parsers::textlog {

struct SyslogLine {
    std::optional<UtcTime> time;  ///< set for ISO/RFC 5424 lines
    int month = 0, day = 0, hour = 0, minute = 0, second = 0;  ///< BSD lines
    std::string host;
    std::string program;
    std::string message;
};

/// Parses one line; nullopt when it is not a syslog line (a continuation).
std::optional<SyslogLine> parseSyslogLine(std::string_view line);

class SyslogParser final : public ingest::Parser {
public:
    const ingest::ParserInfo &info() const noexcept override;
    ingest::Confidence sniff(ByteView head, std::string_view name) const override;
    Result<void> parse(const ingest::ItemInput &item, ingest::ArtifactSink &out,
                       const ingest::ParseContext &ctx) override;
    bool parsesAlongside() const override { return true; }  // records only
};

}  // namespace harrier::parsers::textlog
