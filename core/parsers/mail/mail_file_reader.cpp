#include "parsers/mail/mail_file_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <exception>

#include "base/hashing.h"
#include "parsers/mail/gmime_util.h"
#include "parsers/mail/mbox_splitter.h"
#include "parsers/mail/message_extractor.h"

namespace harrier::parsers::mail {

using casestore::Attribute;
using casestore::ErrorSeverity;

namespace {

constexpr std::uint64_t kMaxInMemory = 512ULL << 20;  // CR-only files are converted in memory
constexpr std::int64_t kMaxUnquoteInMemory = 256LL << 20;  // mboxrd messages are unquoted in memory
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

struct IssueSink {
    std::vector<ParseIssue> issues;
    static void callback(gint64 offset, GMimeParserWarning code, const gchar *item, gpointer data) {
        auto *self = static_cast<IssueSink *>(data);
        if (self->issues.size() >= kMaxIssuesPerMessage)
            return;
        std::string what = issueName(code);
        if (item && *item)
            what += ": " + sanitizeUtf8(std::string_view(item).substr(0, 200));
        self->issues.push_back({offset, std::move(what), isCritical(code)});
    }
};

// Per-read parser options: the warning callback needs this read's sink.
struct Options {
    GMimeParserOptions *options;
    explicit Options(IssueSink &sink) : options(g_mime_parser_options_clone(parserOptions())) {
        g_mime_parser_options_set_warning_callback(options, &IssueSink::callback, &sink);
    }
    ~Options() { g_mime_parser_options_free(options); }
    Options(const Options &) = delete;
    Options &operator=(const Options &) = delete;
};

// The item's bytes as a GMime stream, plus a way to fetch a byte range
// without disturbing the parser's own position.
struct Source {
    GPtr<GMimeStream> stream;
    int rawFd = -1;                  ///< second descriptor for pread of raw messages
    std::vector<std::uint8_t> memory;  ///< CR-only content converted to LF
    ~Source() {
        if (rawFd >= 0)
            ::close(rawFd);
    }
    std::vector<std::uint8_t> range(std::int64_t start, std::int64_t end) const {
        std::vector<std::uint8_t> out;
        if (end <= start || start < 0)
            return out;
        if (!memory.empty() || rawFd < 0) {
            const auto s = static_cast<std::size_t>(std::min<std::int64_t>(start, static_cast<std::int64_t>(memory.size())));
            const auto e = static_cast<std::size_t>(std::min<std::int64_t>(end, static_cast<std::int64_t>(memory.size())));
            out.assign(memory.begin() + static_cast<std::ptrdiff_t>(s), memory.begin() + static_cast<std::ptrdiff_t>(e));
            return out;
        }
        out.resize(static_cast<std::size_t>(end - start));
        std::size_t got = 0;
        while (got < out.size()) {
            const ssize_t n = ::pread(rawFd, out.data() + got, out.size() - got, static_cast<off_t>(start) + static_cast<off_t>(got));
            if (n <= 0)
                break;
            got += static_cast<std::size_t>(n);
        }
        out.resize(got);
        return out;
    }
};

Result<void> openSource(const ingest::ItemInput &item, Source &src) {
    const int fd = ::open(item.localPath.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return makeError(ErrorCode::Io, "cannot open " + item.path + ": " + std::strerror(errno));
    if (MailFileReader::crOnly(item.head)) {
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

}  // namespace

void MailFileReader::storeUnparsed(const MessageOrigin &origin, const std::vector<std::uint8_t> &raw) {
    casestore::ObjectRecord o;
    o.id = m_sink.newObjectId();
    o.parentId = origin.parentId;
    o.kind = "email";
    o.name = origin.name;
    o.path = origin.path;
    o.mimeType = "message/rfc822";
    o.attributes = origin.attributes;
    o.attributes.push_back(Attribute::ofInt("parse_failed", 1));
    const std::string sha256 = sha256Hex(raw);  // as for parsed messages: no MD5/SHA-1 of raw messages
    o.size = static_cast<std::int64_t>(raw.size());
    o.sha256 = sha256;
    o.blobSha256 = m_sink.storeBlobWithHash(raw, sha256);
    m_sink.addObject(std::move(o));
}

bool MailFileReader::crOnly(ByteView head) {
    const std::string_view s = asText(head);
    return s.find('\r') != std::string_view::npos && s.find('\n') == std::string_view::npos;
}

Result<void> MailFileReader::readMbox() {
    ensureGmime();
    Source src;
    if (auto r = openSource(m_item, src); !r)
        return r;
    const auto size = static_cast<std::int64_t>(src.memory.empty() ? m_item.size : src.memory.size());
    MboxSplitter splitter(
        [&src](char *buf, std::size_t len, std::int64_t offset) -> long {
            if (!src.memory.empty()) {
                if (offset >= static_cast<std::int64_t>(src.memory.size()))
                    return 0;
                const std::size_t n = std::min(len, src.memory.size() - static_cast<std::size_t>(offset));
                std::memcpy(buf, src.memory.data() + offset, n);
                return static_cast<long>(n);
            }
            return ::pread(src.rawFd, buf, len, static_cast<off_t>(offset));
        },
        size);
    IssueSink issues;
    Options options(issues);
    casestore::ContainerCounts counts{m_item.objectId};
    MessageExtractor extractor(m_sink, m_ctx);
    std::int64_t index = 0;
    // mboxo quoted only `From ` (as `>From `) and cannot be reversed: a
    // `>From ` line may have been written by the sender. mboxrd adds one '>'
    // to every `>*From ` line, so removing one from `>+From ` restores the
    // original exactly. Nothing in an mbox names its variant; the one sign is
    // a `>>From ` line, which an mboxo writer never produces by quoting. So a
    // mailbox is read as mboxrd when any of its lines matches `^>>+From `, and
    // the file is searched for one only once a message actually carries a
    // quoted From line (most mailboxes never pay for it). A mboxo mailbox
    // whose senders wrote `>>From ` themselves would be unquoted too; each
    // email records what was done (mbox_variant, mbox_from_unquoted), and
    // the raw blob, offset and length always stay the untouched bytes.
    std::optional<bool> mboxrd;
    while (auto span = splitter.next()) {
        if (m_ctx.stop.stop_requested())
            break;
        if (index == 0 && splitter.leadingBytes() > 0)
            m_sink.addError(m_item.objectId, m_item.path, 0,
                            std::to_string(splitter.leadingBytes()) + " bytes before the first 'From ' line belong to no message",
                            ErrorSeverity::Warning);
        ++index;
        ++counts.seen;
        MessageOrigin origin;
        origin.parentId = m_item.objectId;
        origin.containerId = m_item.objectId;
        origin.path = m_item.path + "#" + std::to_string(index);
        origin.name = m_item.name + " #" + std::to_string(index);
        origin.attributes.push_back(Attribute::ofInt("mbox_index", index));
        origin.attributes.push_back(Attribute::ofInt("mbox_offset", span->start));
        origin.attributes.push_back(Attribute::ofInt("mbox_length", span->end - span->start));
        origin.attributes.push_back(Attribute::ofInt("headers_offset", span->headersStart));
        origin.attributes.push_back(Attribute::ofText("mbox_from_line", toUtf8(span->fromLine, nullptr)));
        if (span->usedContentLength)
            origin.attributes.push_back(Attribute::ofInt("mbox_content_length_used", 1));
        if (span->badContentLength)
            m_sink.addError(m_item.objectId, origin.path, span->start,
                            "Content-Length does not end at a 'From ' line: ignored, separators used instead",
                            ErrorSeverity::Warning);
        // Each message is parsed from its own window of the file: a broken
        // message cannot take its neighbours with it, and bodies stay on disk.
        issues.issues.clear();
        GPtr<GMimeStream> window(g_mime_stream_substream(src.stream.get(), span->headersStart, span->end));
        if (span->quotedFromLines > 0) {
            if (!mboxrd)
                mboxrd = span->deepQuotedFromLines > 0 || splitter.fileHasDeepQuotedFrom();
            if (!*mboxrd) {
                origin.attributes.push_back(Attribute::ofText("mbox_variant", "mboxo"));
            } else if (span->end - span->headersStart > kMaxUnquoteInMemory) {
                m_sink.addError(m_item.objectId, origin.path, span->start,
                                "mboxrd '>From ' lines left quoted: message larger than 256 MiB", ErrorSeverity::Warning);
            } else {
                // The parsed copy is unquoted; evidence (raw blob, offsets) is not.
                const auto bytes = src.range(span->headersStart, span->end);
                std::string unquoted;
                const auto n = unquoteMboxrd(reinterpret_cast<const char *>(bytes.data()), bytes.size(), unquoted);
                GByteArray *array = g_byte_array_sized_new(static_cast<guint>(unquoted.size()));
                g_byte_array_append(array, reinterpret_cast<const guint8 *>(unquoted.data()), static_cast<guint>(unquoted.size()));
                window.reset(g_mime_stream_mem_new_with_byte_array(array));  // owns array
                origin.attributes.push_back(Attribute::ofText("mbox_variant", "mboxrd"));
                origin.attributes.push_back(Attribute::ofInt("mbox_from_unquoted", n));
            }
        }
        GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(window.get()));
        g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
        g_mime_parser_set_persist_stream(parser.get(), TRUE);
        GMimeMessage *message = g_mime_parser_construct_message(parser.get(), options.options);
        if (!message) {
            // Counted as failed, but its bytes are kept: an `email` object with
            // the raw blob and parse_failed=1, so nothing in the mailbox is lost.
            ++counts.failed;
            m_sink.addError(m_item.objectId, origin.path, span->start, "message could not be parsed", ErrorSeverity::Error);
            storeUnparsed(origin, src.range(span->start, std::min(span->end, span->start + static_cast<std::int64_t>(
                                                                                      m_ctx.limits->maxBlobBytes))));
            continue;
        }
        GPtr<GMimeMessage> owned(message);
        // The raw message is kept as a blob when it fits the blob limit.
        std::vector<std::uint8_t> raw;
        if (static_cast<std::uint64_t>(span->end - span->start) <= m_ctx.limits->maxBlobBytes) {
            raw = src.range(span->start, span->end);
        } else {
            // Not copied into the case, and said so: the bytes stay in the
            // mbox at mbox_offset/mbox_length.
            origin.attributes.push_back(Attribute::ofInt("raw_not_stored", 1));
            m_sink.addError(m_item.objectId, origin.path, span->start,
                            "message of " + std::to_string(span->end - span->start) +
                                " bytes is over the blob limit: not copied into the case (it stays in the mbox)",
                            ErrorSeverity::Warning);
        }
        origin.raw = raw;
        origin.issues = issues.issues;
        try {
            extractor.extract(message, origin);
            ++counts.stored;
            for (const auto &is : issues.issues)
                if (is.critical)
                    m_sink.addError(m_item.objectId, origin.path, is.offset, "malformed message: " + is.what,
                                    ErrorSeverity::Warning);
        } catch (const std::exception &ex) {
            ++counts.failed;
            m_sink.addError(m_item.objectId, origin.path, span->start, std::string("message not stored: ") + ex.what(),
                            ErrorSeverity::Error);
        }
        if (counts.seen % 500 == 0)
            m_sink.setCounts(counts);
    }
    if (index == 0 && size > 0)
        m_sink.addError(m_item.objectId, m_item.path, 0, "not an mbox: no 'From ' separator line found",
                        ErrorSeverity::Error);
    m_sink.setCounts(counts);
    return {};
}

Result<void> MailFileReader::readSingle(std::vector<Attribute> attributes) {
    ensureGmime();
    Source src;
    if (auto r = openSource(m_item, src); !r)
        return r;
    IssueSink issues;
    Options options(issues);
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(src.stream.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    g_mime_parser_set_persist_stream(parser.get(), TRUE);
    casestore::ContainerCounts counts{m_item.objectId, 1, 0, 0};
    GMimeMessage *message = g_mime_parser_construct_message(parser.get(), options.options);
    if (!message) {
        counts.failed = 1;
        m_sink.addError(m_item.objectId, m_item.path, 0, "not a parsable RFC 822 message", ErrorSeverity::Error);
        m_sink.setCounts(counts);
        return {};
    }
    GPtr<GMimeMessage> owned(message);
    MessageOrigin origin;
    origin.parentId = m_item.objectId;
    origin.containerId = m_item.objectId;
    origin.path = m_item.path + "#1";
    origin.name = m_item.name;
    origin.attributes = std::move(attributes);
    std::vector<std::uint8_t> raw;
    if (m_item.size <= m_ctx.limits->maxBlobBytes)
        raw = src.range(0, static_cast<std::int64_t>(m_item.size));
    origin.raw = raw;
    origin.issues = issues.issues;
    try {
        MessageExtractor(m_sink, m_ctx).extract(message, origin);
        counts.stored = 1;
        for (const auto &is : issues.issues)
            if (is.critical)
                m_sink.addError(m_item.objectId, origin.path, is.offset, "malformed message: " + is.what,
                                ErrorSeverity::Warning);
    } catch (const std::exception &ex) {
        counts.failed = 1;
        m_sink.addError(m_item.objectId, m_item.path, std::nullopt, std::string("message not stored: ") + ex.what(),
                        ErrorSeverity::Error);
    }
    m_sink.setCounts(counts);
    return {};
}

}  // namespace harrier::parsers::mail
