#include "parsers/mail/mail_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace harrier::parsers::mail {

namespace {

constexpr std::uint64_t kMaxInMemory = 512ULL << 20;  // CR-only files are converted in memory
constexpr std::size_t kMaxIssuesPerMessage = 50;

const char *issueName(GMimeParserWarning w) {
    switch (w) {
    case GMIME_WARN_DUPLICATED_HEADER: return "duplicated header";
    case GMIME_WARN_DUPLICATED_PARAMETER: return "duplicated parameter";
    case GMIME_WARN_UNENCODED_8BIT_HEADER: return "unencoded 8-bit header";
    case GMIME_WARN_INVALID_CONTENT_TYPE: return "invalid Content-Type";
    case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE: return "invalid RFC 2047 header value";
    case GMIME_WARN_MALFORMED_MULTIPART: return "malformed multipart";
    case GMIME_WARN_TRUNCATED_MESSAGE: return "truncated message";
    case GMIME_WARN_MALFORMED_MESSAGE: return "malformed message";
    case GMIME_CRIT_INVALID_HEADER_NAME: return "invalid header name";
    case GMIME_CRIT_CONFLICTING_HEADER: return "conflicting header";
    case GMIME_CRIT_CONFLICTING_PARAMETER: return "conflicting parameter";
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: return "multipart without boundary";
    case GMIME_WARN_INVALID_PARAMETER: return "invalid parameter";
    case GMIME_WARN_INVALID_ADDRESS_LIST: return "invalid address list";
    case GMIME_CRIT_NESTING_OVERFLOW: return "MIME nesting overflow";
    case GMIME_WARN_PART_WITHOUT_CONTENT: return "part without content";
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT: return "part without headers or content";
    default: return "parser warning";
    }
}

bool isCritical(GMimeParserWarning w) {
    return w == GMIME_WARN_TRUNCATED_MESSAGE || w == GMIME_WARN_MALFORMED_MESSAGE ||
           w == GMIME_WARN_MALFORMED_MULTIPART || w == GMIME_CRIT_INVALID_HEADER_NAME ||
           w == GMIME_CRIT_CONFLICTING_HEADER || w == GMIME_CRIT_CONFLICTING_PARAMETER ||
           w == GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY || w == GMIME_CRIT_NESTING_OVERFLOW ||
           w == GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT;
}

}  // namespace

void IssueSink::callback(gint64 offset, GMimeParserWarning code, const gchar *item, gpointer data) {
    auto *self = static_cast<IssueSink *>(data);
    if (self->issues.size() >= kMaxIssuesPerMessage)
        return;
    std::string what = issueName(code);
    if (item && *item)
        what += ": " + sanitizeUtf8(std::string_view(item).substr(0, 200));
    self->issues.push_back({offset + self->base, std::move(what), isCritical(code)});
}

IssueOptions::IssueOptions(IssueSink &sink) : options(g_mime_parser_options_clone(parserOptions())) {
    g_mime_parser_options_set_warning_callback(options, &IssueSink::callback, &sink);
}

IssueOptions::~IssueOptions() { g_mime_parser_options_free(options); }

MailSource::~MailSource() {
    if (rawFd >= 0)
        ::close(rawFd);
}

namespace {

// Fills `out` (sized end - start) from the source; returns the bytes there were.
std::size_t readRange(const MailSource &src, std::int64_t start, std::uint8_t *out, std::size_t size) {
    if (!src.memory.empty() || src.rawFd < 0) {
        const auto have = static_cast<std::int64_t>(src.memory.size());
        const auto s = static_cast<std::size_t>(std::min(start, have));
        const std::size_t n = std::min(size, src.memory.size() - s);
        std::copy_n(src.memory.begin() + static_cast<std::ptrdiff_t>(s), n, out);
        return n;
    }
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::pread(src.rawFd, out + got, size - got, static_cast<off_t>(start) + static_cast<off_t>(got));
        if (n <= 0)
            break;
        got += static_cast<std::size_t>(n);
    }
    return got;
}

}  // namespace

std::vector<std::uint8_t> MailSource::range(std::int64_t start, std::int64_t end) const {
    std::vector<std::uint8_t> out;
    if (end <= start || start < 0)
        return out;
    out.resize(static_cast<std::size_t>(end - start));
    out.resize(readRange(*this, start, out.data(), out.size()));
    return out;
}

GByteArray *MailSource::rangeArray(std::int64_t start, std::int64_t end) const {
    const auto size = end > start && start >= 0 ? static_cast<guint>(end - start) : 0u;
    GByteArray *out = g_byte_array_sized_new(size);
    g_byte_array_set_size(out, size);
    g_byte_array_set_size(out, static_cast<guint>(readRange(*this, start, out->data, size)));
    return out;
}

bool crOnlyLineEndings(ByteView head) {
    const std::string_view s = asText(head);
    return s.find('\r') != std::string_view::npos && s.find('\n') == std::string_view::npos;
}

Result<void> openMailSource(const ingest::ItemInput &item, MailSource &src) {
    const int fd = ::open(item.localPath.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return makeError(ErrorCode::Io, "cannot open " + item.path + ": " + std::strerror(errno));
    if (crOnlyLineEndings(item.head)) {
        if (item.size > kMaxInMemory) {
            ::close(fd);
            return makeError(ErrorCode::LimitExceeded, "CR-only line endings in a file larger than 512 MiB");
        }
        src.memory.resize(item.size);
        std::size_t got = 0;
        while (got < src.memory.size()) {
            const ssize_t n = ::read(fd, src.memory.data() + got, src.memory.size() - got);
            if (n <= 0)
                break;
            got += static_cast<std::size_t>(n);
        }
        ::close(fd);
        src.memory.resize(got);
        // CR -> LF is one byte for one byte: offsets stay those of the original file.
        for (auto &b : src.memory)
            if (b == '\r')
                b = '\n';
        src.stream.reset(g_mime_stream_mem_new_with_buffer(reinterpret_cast<const char *>(src.memory.data()),
                                                           src.memory.size()));
        return {};
    }
    src.stream.reset(g_mime_stream_fs_new(fd));  // owns fd
    src.rawFd = ::open(item.localPath.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    return {};
}

}  // namespace harrier::parsers::mail
