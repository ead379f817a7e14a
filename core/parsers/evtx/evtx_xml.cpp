#include "parsers/evtx/evtx_xml.h"

#include <expat.h>

#include <cstring>

namespace harrier::parsers::evtx {

namespace {

// Element names arrive as "namespace-uri|local" because the parser is
// namespace-aware; EVTX always uses the event schema namespace, so only the
// local part matters.
std::string_view localName(const XML_Char *name) {
    const char *bar = std::strrchr(name, '|');
    return bar ? std::string_view(bar + 1) : std::string_view(name);
}

const char *attr(const XML_Char **atts, std::string_view wanted) {
    for (int i = 0; atts[i]; i += 2)
        if (localName(atts[i]) == wanted)
            return atts[i + 1];
    return nullptr;
}

struct State {
    EvtxFields *out = nullptr;
    std::vector<std::string> stack;  ///< local names of open elements
    std::string text;                ///< character data of the innermost element
    std::string dataName;            ///< Name attribute of the open EventData/Data
    int unnamed = 0;
    bool inSystem = false, inEventData = false, inUserData = false;
    std::size_t userDataDepth = 0;   ///< stack depth of the UserData element
};

void XMLCALL onStart(void *user, const XML_Char *name, const XML_Char **atts) {
    auto &s = *static_cast<State *>(user);
    const std::string_view local = localName(name);
    s.stack.emplace_back(local);
    s.text.clear();
    if (s.stack.size() == 2) {
        s.inSystem = local == "System";
        s.inEventData = local == "EventData";
        s.inUserData = local == "UserData";
        if (s.inUserData)
            s.userDataDepth = s.stack.size();
        return;
    }
    if (s.inSystem) {
        if (local == "Provider") {
            if (const char *v = attr(atts, "Name"))
                s.out->provider = v;
            else if (const char *src = attr(atts, "EventSourceName"))
                s.out->provider = src;
        } else if (local == "TimeCreated") {
            if (const char *v = attr(atts, "SystemTime"))
                s.out->systemTime = v;
        } else if (local == "Security") {
            if (const char *v = attr(atts, "UserID"))
                s.out->userSid = v;
        }
    } else if (s.inEventData && s.stack.size() == 3) {
        const char *n = attr(atts, "Name");
        s.dataName = n ? n : local == "Data" ? "Data[" + std::to_string(++s.unnamed) + "]" : std::string(local);
    }
}

void XMLCALL onEnd(void *user, const XML_Char *) {
    auto &s = *static_cast<State *>(user);
    if (s.stack.empty())
        return;
    const std::string local = std::move(s.stack.back());
    const std::size_t depth = s.stack.size();
    s.stack.pop_back();
    if (s.inSystem && depth == 3) {
        if (local == "EventID")
            s.out->eventId = s.text;
        else if (local == "Level")
            s.out->level = s.text;
        else if (local == "Channel")
            s.out->channel = s.text;
        else if (local == "Computer")
            s.out->computer = s.text;
        else if (local == "EventRecordID")
            s.out->recordId = s.text;
    } else if (s.inEventData && depth == 3) {
        s.out->data.emplace_back(std::move(s.dataName), s.text);
    } else if (s.inUserData && depth > s.userDataDepth + 1 && !s.text.empty()) {
        // A leaf below the UserData root element: name it by its path so that
        // repeated names under different parents stay apart.
        std::string path;
        for (std::size_t i = s.userDataDepth + 1; i < s.stack.size(); ++i)
            path += s.stack[i] + ".";
        s.out->data.emplace_back(path + local, s.text);
    }
    if (depth == 2)
        s.inSystem = s.inEventData = s.inUserData = false;
    s.text.clear();
}

void XMLCALL onText(void *user, const XML_Char *text, int len) {
    auto &s = *static_cast<State *>(user);
    s.text.append(text, static_cast<std::size_t>(len));
}

}  // namespace

bool parseEvtxXml(std::string_view xml, EvtxFields &out) {
    XML_Parser parser = XML_ParserCreateNS("UTF-8", '|');
    if (!parser)
        return false;
    State state;
    state.out = &out;
    XML_SetUserData(parser, &state);
    XML_SetElementHandler(parser, onStart, onEnd);
    XML_SetCharacterDataHandler(parser, onText);
    const bool ok = XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), XML_TRUE) == XML_STATUS_OK;
    XML_ParserFree(parser);
    return ok;
}

}  // namespace harrier::parsers::evtx
