#include "parsers/textlog/line_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

namespace harrier::parsers::textlog {

Result<std::unique_ptr<LineReader>> LineReader::open(const std::string &path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return makeError(ErrorCode::Io, "cannot open " + path + ": " + std::strerror(errno));
    std::FILE *f = ::fdopen(fd, "rb");
    if (!f) {
        ::close(fd);
        return makeError(ErrorCode::Io, "cannot open " + path);
    }
    return std::unique_ptr<LineReader>(new LineReader(f));
}

LineReader::~LineReader() { std::fclose(m_file); }

void LineReader::rewind() {
    std::rewind(m_file);
    m_pos = m_lineStart = 0;
    m_number = 0;
    m_truncated = false;
}

bool LineReader::next(std::string &line) {
    line.clear();
    m_truncated = false;
    m_lineStart = m_pos;
    int c = 0;
    bool any = false;
    while ((c = std::getc(m_file)) != EOF) {
        any = true;
        ++m_pos;
        if (c == '\n')
            break;
        if (line.size() < kMaxLine)
            line.push_back(static_cast<char>(c));
        else
            m_truncated = true;
    }
    if (!any)
        return false;
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    ++m_number;
    return true;
}

std::string_view firstLine(std::string_view text) {
    const auto nl = text.find('\n');
    std::string_view l = nl == std::string_view::npos ? text : text.substr(0, nl);
    if (!l.empty() && l.back() == '\r')
        l.remove_suffix(1);
    return l;
}

bool looksLikeText(std::string_view head) {
    if (head.empty())
        return false;
    std::size_t odd = 0;
    for (const unsigned char c : head) {
        if (c == 0)
            return false;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
            ++odd;
    }
    return odd * 100 < head.size();
}

int monthFromAbbrev(std::string_view m) {
    static constexpr std::string_view names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (int i = 0; i < 12; ++i)
        if (m == names[i])
            return i + 1;
    return 0;
}

std::string lowerName(std::string_view name) {
    const auto slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos)
        name = name.substr(slash + 1);
    std::string s(name);
    for (auto &c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace harrier::parsers::textlog
