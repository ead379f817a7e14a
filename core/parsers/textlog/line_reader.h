#pragma once
/// Reads a text log line by line with bounded memory: lines longer than the
/// cap are cut (and flagged) instead of growing without limit.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

namespace harrier::parsers::textlog {

class LineReader {
public:
    static constexpr std::size_t kMaxLine = 1 << 20;
    static Result<std::unique_ptr<LineReader>> open(const std::string &path);
    ~LineReader();
    LineReader(const LineReader &) = delete;
    LineReader &operator=(const LineReader &) = delete;

    /// The next line without its terminator (LF or CRLF); false at the end.
    bool next(std::string &line);
    /// Byte offset where the last line returned starts.
    std::int64_t offset() const { return m_lineStart; }
    /// 1-based number of the last line returned.
    std::uint64_t number() const { return m_number; }
    /// True when the last line was longer than kMaxLine and was cut.
    bool truncated() const { return m_truncated; }
    /// Starts again from the first line.
    void rewind();

private:
    explicit LineReader(std::FILE *f) : m_file(f) {}
    std::FILE *m_file;
    std::int64_t m_pos = 0, m_lineStart = 0;
    std::uint64_t m_number = 0;
    bool m_truncated = false;
};

/// Lines of a text head (for sniffing), at most `max` of them.
std::string_view firstLine(std::string_view text);
/// True when the head looks like text (no NULs, mostly printable).
bool looksLikeText(std::string_view head);
/// "Jan" -> 1 ... "Dec" -> 12, 0 otherwise.
int monthFromAbbrev(std::string_view m);
/// Leaf name, lowercased.
std::string lowerName(std::string_view name);

}  // namespace harrier::parsers::textlog
