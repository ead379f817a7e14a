#pragma once
/// Pulls the fields Harrier keeps out of one EVTX record's XML rendering
/// (libevtx renders the binary XML; this only walks the text with expat).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace harrier::parsers::evtx {

struct EvtxFields {
    std::string provider;
    std::string channel;
    std::string computer;
    std::string userSid;
    std::string eventId;
    std::string level;
    std::string recordId;
    std::string systemTime;
    /// EventData/Data (by Name, or "Data[n]" when unnamed) and UserData
    /// leaves (by element path below the UserData root), in document order.
    std::vector<std::pair<std::string, std::string>> data;
};

/// Returns false when the XML is not well formed; what was read before the
/// fault is still in `out`.
bool parseEvtxXml(std::string_view xml, EvtxFields &out);

}  // namespace harrier::parsers::evtx
