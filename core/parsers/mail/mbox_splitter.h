#pragma once
/// Finds the messages of an mbox without loading it: a forward scan for
/// `From ` separator lines, in bounded memory, one message at a time.
///
/// Content-Length (Netscape/Solaris mboxcl) is honoured only when it checks
/// out: the byte after the body must be the end of the file or a `From `
/// line. A lying Content-Length would otherwise swallow the messages after
/// it (real mailboxes carry stale ones after editing), so it is ignored and
/// the `From ` lines decide. Every separator found is one message seen.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace harrier::parsers::mail {

struct MboxSpan {
    std::int64_t start = 0;         ///< offset of the From_ line
    std::int64_t headersStart = 0;  ///< first byte after the From_ line
    std::int64_t end = 0;           ///< offset of the next From_ line or EOF
    std::string fromLine;           ///< without line ending
    bool usedContentLength = false;
    bool badContentLength = false;  ///< declared but did not check out
    /// Lines after the From_ line matching `^>+From ` (not counted in a
    /// body delimited by a Content-Length: mboxcl quoting is not reversible).
    std::int64_t quotedFromLines = 0;
    std::int64_t deepQuotedFromLines = 0;  ///< of which `^>>+From ` (only mboxrd writes these by itself)
};

/// True when a line starting at `p` (n bytes available) matches `^>+From `;
/// `depth` receives the number of leading '>'.
bool isQuotedFromLine(const char *p, std::size_t n, int *depth = nullptr);

/// mboxrd reversal: removes exactly one '>' from every line matching
/// `^>+From `. Everything else, line endings included, is copied as is.
/// Returns the number of lines unquoted.
std::int64_t unquoteMboxrd(const char *data, std::size_t n, std::string &out);

class MboxSplitter {
public:
    /// pread-like: fills buf from offset, returns bytes read (0 at EOF, <0 error).
    using ReadAt = std::function<long(char *buf, std::size_t len, std::int64_t offset)>;
    MboxSplitter(ReadAt readAt, std::int64_t size) : m_readAt(std::move(readAt)), m_size(size) {}

    /// The next message, or nullopt at the end.
    std::optional<MboxSpan> next();
    /// Bytes before the first From_ line (not part of any message).
    std::int64_t leadingBytes() const { return m_leading; }
    /// Whether any line of the whole file matches `^>>+From ` (stops at the
    /// first). Reads the file once more in 1 MiB windows; callers ask only
    /// when a message actually carries quoted From lines.
    bool fileHasDeepQuotedFrom();

private:
    struct Line {
        std::int64_t start = 0, end = 0, next = 0;  ///< end excludes "\r\n"/"\n"
    };
    std::optional<Line> lineAt(std::int64_t pos);
    bool isFromLine(std::int64_t pos);
    void noteQuoted(std::int64_t pos, MboxSpan &span);
    std::string text(std::int64_t start, std::int64_t end);
    bool fill(std::int64_t pos, std::size_t want);

    ReadAt m_readAt;
    std::int64_t m_size;
    std::int64_t m_pos = 0;
    std::int64_t m_leading = 0;
    bool m_started = false;
    std::vector<char> m_buf;
    std::int64_t m_bufStart = 0;
};

}  // namespace harrier::parsers::mail
