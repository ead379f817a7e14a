#pragma once
/// The one-line message of an event-log record. The named fields are kept
/// in the message as Name="value" pairs (quoted, escaped), which makes them
/// searchable through the full-text index without a per-record object.

#include <string>

#include "parsers/evtx/evtx_xml.h"

namespace harrier::parsers::evtx {

class MessageBuilder {
public:
    /// Longer messages are cut (PowerShell script blocks can be ~32 KiB per record).
    static constexpr std::size_t kMaxMessage = 64 * 1024;
    std::string build(const EvtxFields &fields, bool recovered);

private:
    std::string m_buf;
};

}  // namespace harrier::parsers::evtx
