#include "parsers/mail/mbox_splitter.h"

#include <algorithm>
#include <cstring>
#include <strings.h>

namespace harrier::parsers::mail {

namespace {
constexpr std::size_t kChunk = 1u << 20;
constexpr std::int64_t kMaxHeaderBlock = 16 << 20;  // stop looking for Content-Length after this
}

bool isQuotedFromLine(const char *p, std::size_t n, int *depth) {
    std::size_t i = 0;
    while (i < n && p[i] == '>')
        ++i;
    if (i == 0 || n - i < 5 || std::memcmp(p + i, "From ", 5) != 0)
        return false;
    if (depth)
        *depth = static_cast<int>(i);
    return true;
}

std::int64_t unquoteMboxrd(const char *data, std::size_t n, std::string &out) {
    out.clear();
    out.reserve(n);
    std::int64_t unquoted = 0;
    std::size_t pos = 0;
    while (pos < n) {
        const void *nl = std::memchr(data + pos, '\n', n - pos);
        const std::size_t next = nl ? static_cast<std::size_t>(static_cast<const char *>(nl) - data) + 1 : n;
        if (isQuotedFromLine(data + pos, next - pos)) {
            out.append(data + pos + 1, next - pos - 1);
            ++unquoted;
        } else {
            out.append(data + pos, next - pos);
        }
        pos = next;
    }
    return unquoted;
}

bool MboxSplitter::fileHasDeepQuotedFrom() {
    // A `>>From ` line straddling two windows is found because each window
    // after the first starts a few bytes early.
    constexpr std::size_t kOverlap = 64;
    std::vector<char> buf(kChunk);
    std::int64_t pos = 0;
    bool atLineStart = true;
    while (pos < m_size) {
        const long n = m_readAt(buf.data(), buf.size(), pos);
        if (n <= 0)
            return false;
        const auto len = static_cast<std::size_t>(n);
        std::size_t i = 0;
        if (atLineStart) {
            int depth = 0;
            if (isQuotedFromLine(buf.data(), len, &depth) && depth >= 2)
                return true;
        }
        while (i < len) {
            const void *nl = std::memchr(buf.data() + i, '\n', len - i);
            if (!nl)
                break;
            i = static_cast<std::size_t>(static_cast<const char *>(nl) - buf.data()) + 1;
            int depth = 0;
            if (i < len && buf[i] == '>' && isQuotedFromLine(buf.data() + i, len - i, &depth) && depth >= 2)
                return true;
        }
        if (pos + n >= m_size)
            break;
        // Step back so a line start near the end of this window is seen whole in the next.
        const std::size_t back = len > 2 * kOverlap ? kOverlap : 0;
        atLineStart = buf[len - back - 1] == '\n';
        pos += static_cast<std::int64_t>(len - back);
    }
    return false;
}

void MboxSplitter::noteQuoted(std::int64_t pos, MboxSpan &span) {
    if (!fill(pos, 1))
        return;
    const std::size_t off = static_cast<std::size_t>(pos - m_bufStart);
    if (off >= m_buf.size() || m_buf[off] != '>')
        return;
    // Long '>' runs are rare; read enough of the line to see past them.
    auto l = lineAt(pos);
    if (!l)
        return;
    const std::string t = text(l->start, l->end);
    int depth = 0;
    if (isQuotedFromLine(t.data(), t.size(), &depth)) {
        ++span.quotedFromLines;
        if (depth >= 2)
            ++span.deepQuotedFromLines;
    }
}

bool MboxSplitter::fill(std::int64_t pos, std::size_t want) {
    const std::int64_t have = m_bufStart + static_cast<std::int64_t>(m_buf.size());
    if (pos >= m_bufStart && pos + static_cast<std::int64_t>(want) <= have)
        return true;
    if (pos >= m_size)
        return false;
    const std::size_t len = static_cast<std::size_t>(
        std::min<std::int64_t>(std::max(want, kChunk), m_size - pos));
    m_buf.resize(len);
    std::size_t got = 0;
    while (got < len) {
        const long n = m_readAt(m_buf.data() + got, len - got, pos + static_cast<std::int64_t>(got));
        if (n <= 0)
            break;
        got += static_cast<std::size_t>(n);
    }
    m_buf.resize(got);
    m_bufStart = pos;
    return got > 0;
}

std::optional<MboxSplitter::Line> MboxSplitter::lineAt(std::int64_t pos) {
    if (pos >= m_size)
        return std::nullopt;
    Line line{pos, pos, pos};
    std::int64_t scan = pos;
    for (;;) {
        if (!fill(scan, 1))
            break;
        const char *base = m_buf.data();
        const std::size_t from = static_cast<std::size_t>(scan - m_bufStart);
        const void *nl = std::memchr(base + from, '\n', m_buf.size() - from);
        if (nl) {
            const std::int64_t at = m_bufStart + (static_cast<const char *>(nl) - base);
            line.next = at + 1;
            line.end = at;
            if (at > pos && fill(at - 1, 1) && m_buf[static_cast<std::size_t>(at - 1 - m_bufStart)] == '\r')
                line.end = at - 1;
            return line;
        }
        scan = m_bufStart + static_cast<std::int64_t>(m_buf.size());
        if (scan >= m_size)
            break;
    }
    line.end = line.next = m_size;
    return line;
}

bool MboxSplitter::isFromLine(std::int64_t pos) {
    if (pos >= m_size || !fill(pos, 5))
        return false;
    const std::size_t off = static_cast<std::size_t>(pos - m_bufStart);
    return m_buf.size() - off >= 5 && std::memcmp(m_buf.data() + off, "From ", 5) == 0;
}

std::string MboxSplitter::text(std::int64_t start, std::int64_t end) {
    const auto len = static_cast<std::size_t>(std::min<std::int64_t>(end - start, 4096));
    if (len == 0 || !fill(start, len))
        return {};
    const std::size_t off = static_cast<std::size_t>(start - m_bufStart);
    return std::string(m_buf.data() + off, std::min(len, m_buf.size() - off));
}

std::optional<MboxSpan> MboxSplitter::next() {
    if (!m_started) {
        m_started = true;
        // Skip anything before the first separator (it belongs to no message).
        std::int64_t pos = 0;
        while (pos < m_size && !isFromLine(pos)) {
            auto l = lineAt(pos);
            if (!l)
                break;
            pos = l->next;
        }
        m_leading = pos;
        m_pos = pos;
    }
    if (m_pos >= m_size)
        return std::nullopt;
    auto from = lineAt(m_pos);
    if (!from)
        return std::nullopt;
    MboxSpan span;
    span.start = m_pos;
    span.headersStart = from->next;
    span.fromLine = text(from->start, from->end);

    // Header block: look for Content-Length until the blank line.
    std::optional<std::int64_t> contentLength;
    std::int64_t pos = from->next;
    std::int64_t bodyStart = -1;
    while (pos < m_size && pos - from->next < kMaxHeaderBlock) {
        auto l = lineAt(pos);
        if (!l)
            break;
        if (l->end == l->start) {
            bodyStart = l->next;
            break;
        }
        if (isFromLine(pos))
            break;  // a separator inside the headers: this message has no body
        if (l->end - l->start > 15) {
            std::string t = text(l->start, std::min(l->end, l->start + 40));
            if (t.size() > 15 && strncasecmp(t.c_str(), "Content-Length:", 15) == 0) {
                try {
                    const long long v = std::stoll(t.substr(15));
                    if (v >= 0)
                        contentLength = v;
                } catch (...) {
                }
            }
        }
        pos = l->next;
    }
    if (contentLength && bodyStart >= 0) {
        const std::int64_t after = bodyStart + *contentLength;
        // The body ends where Content-Length says if a separator (possibly
        // after one blank line) or the end of the file is there.
        std::optional<std::int64_t> next;
        if (after >= m_size) {
            if (after == m_size)
                next = m_size;
        } else if (isFromLine(after)) {
            next = after;
        } else if (auto l = lineAt(after); l && l->end == l->start && (l->next >= m_size || isFromLine(l->next))) {
            next = l->next;
        }
        if (next) {
            span.end = *next;
            // Quoted From lines are not counted here: a body delimited by its
            // Content-Length is mboxcl/mboxcl2, whose quoting (if any) is
            // mboxo's and cannot be reversed, so it is never unquoted.
            span.usedContentLength = true;
            m_pos = span.end;
            return span;
        }
        span.badContentLength = true;
    }
    // Otherwise the next From_ line at the start of a line ends the message.
    if (pos < from->next)
        pos = from->next;
    while (pos < m_size && !isFromLine(pos)) {
        noteQuoted(pos, span);
        auto l = lineAt(pos);
        if (!l)
            break;
        pos = l->next;
    }
    span.end = std::min(pos, m_size);
    m_pos = span.end;
    return span;
}

}  // namespace harrier::parsers::mail
