#include "parsers/evtx/evtx_message.h"

#include <charconv>

#include "parsers/evtx/evtx_parser.h"

namespace harrier::parsers::evtx {

namespace {

void appendQuoted(std::string &out, const std::string &value) {
    out += '"';
    for (const char c : value) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: out += c;
        }
    }
    out += '"';
}

}  // namespace

std::string MessageBuilder::build(const EvtxFields &f, bool recovered) {
    m_buf.clear();
    // "Security 4624 Microsoft-Windows-Security-Auditing Information record 42 on HOST: A="1" B="2""
    if (!f.channel.empty())
        m_buf += f.channel + ' ';
    m_buf += f.eventId.empty() ? "?" : f.eventId;
    if (!f.provider.empty())
        m_buf += ' ' + f.provider;
    int level = -1;
    std::from_chars(f.level.data(), f.level.data() + f.level.size(), level);
    if (const auto name = levelName(level); !name.empty())
        m_buf.append(" ").append(name);
    if (!f.recordId.empty())
        m_buf += " record " + f.recordId;
    if (recovered)
        m_buf += " (recovered)";
    if (!f.computer.empty())
        m_buf += " on " + f.computer;
    if (!f.userSid.empty())
        m_buf += " by " + f.userSid;
    char sep = ':';
    for (const auto &[name, value] : f.data) {
        m_buf += sep;
        m_buf += ' ';
        sep = ',';
        m_buf += name;
        m_buf += '=';
        appendQuoted(m_buf, value);
        if (m_buf.size() > kMaxMessage) {
            m_buf.resize(kMaxMessage);
            m_buf += " [truncated]";
            break;
        }
    }
    return m_buf;
}

}  // namespace harrier::parsers::evtx
