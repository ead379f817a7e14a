#include "parsers/mail/mbox_message_reader.h"

#include <algorithm>
#include <exception>

#include "base/hashing.h"
#include "parsers/mail/message_extractor.h"

namespace harrier::parsers::mail {

using casestore::Attribute;
using casestore::ErrorSeverity;

namespace {

constexpr std::int64_t kMaxUnquoteInMemory = 256LL << 20;  // mboxrd messages are unquoted in memory
// A GByteArray's length is a guint: messages read into memory stay well below it.
constexpr std::int64_t kMaxInMemory = 1LL << 30;

// Counted as failed, but its bytes are kept: an `email` object with the raw
// blob and parse_failed=1, so nothing in the mailbox is lost.
void storeUnparsed(ingest::ArtifactSink &sink, const MessageOrigin &origin, const std::vector<std::uint8_t> &raw) {
    casestore::ObjectRecord o;
    o.id = sink.newObjectId();
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
    o.blobSha256 = sink.storeBlobWithHash(raw, sha256);
    sink.addObject(std::move(o));
}

}  // namespace

MessageOutcome MboxMessageReader::read(const MboxMessage &message, ingest::ArtifactSink &sink) {
    const MboxSpan &span = message.span;
    const std::int64_t index = message.index;
    if (index == 1 && message.leadingBytes > 0)
        sink.addError(m_item.objectId, m_item.path, 0,
                      std::to_string(message.leadingBytes) + " bytes before the first 'From ' line belong to no message",
                      ErrorSeverity::Warning);
    MessageOrigin origin;
    origin.parentId = m_item.objectId;
    origin.containerId = m_item.objectId;
    origin.path = m_item.path + "#" + std::to_string(index);
    origin.name = m_item.name + " #" + std::to_string(index);
    origin.attributes.push_back(Attribute::ofInt("mbox_index", index));
    origin.attributes.push_back(Attribute::ofInt("mbox_offset", span.start));
    origin.attributes.push_back(Attribute::ofInt("mbox_length", span.end - span.start));
    origin.attributes.push_back(Attribute::ofInt("headers_offset", span.headersStart));
    origin.attributes.push_back(Attribute::ofText("mbox_from_line", toUtf8(span.fromLine, nullptr)));
    if (span.usedContentLength)
        origin.attributes.push_back(Attribute::ofInt("mbox_content_length_used", 1));
    if (span.badContentLength)
        sink.addError(m_item.objectId, origin.path, span.start,
                      "Content-Length does not end at a 'From ' line: ignored, separators used instead",
                      ErrorSeverity::Warning);
    // Each message is parsed from its own window of the file: a broken
    // message cannot take its neighbours with it. One that fits the blob
    // limit is read into memory once, for its raw blob and for GMime, which
    // otherwise reads the file 4 KiB at a time with a seek before each read
    // (two system calls per 4 KiB: a tenth of an mbox ingest's CPU). Larger
    // ones are parsed from the file, bodies left on disk, and not copied.
    m_issues.issues.clear();
    const std::int64_t length = span.end - span.start;
    const bool keepRaw = static_cast<std::uint64_t>(length) <= m_ctx.limits->maxBlobBytes && length <= kMaxInMemory;
    GPtr<GMimeStream> inMemory;
    GPtr<GMimeStream> window;
    ByteView raw;
    if (keepRaw) {
        GByteArray *bytes = m_source.rangeArray(span.start, span.end);
        raw = ByteView(bytes->data, bytes->len);
        inMemory.reset(g_mime_stream_mem_new_with_byte_array(bytes));  // owns bytes
        // GMime reports offsets in the stream's coordinates: the message's here.
        m_issues.base = span.start;
        const auto headersAt = std::min<std::int64_t>(span.headersStart - span.start, static_cast<std::int64_t>(raw.size()));
        window.reset(g_mime_stream_substream(inMemory.get(), headersAt, static_cast<gint64>(raw.size())));
    } else {
        m_issues.base = 0;
        window.reset(g_mime_stream_substream(m_source.stream.get(), span.headersStart, span.end));
    }
    if (span.quotedFromLines > 0) {
        if (!message.mboxrd) {
            origin.attributes.push_back(Attribute::ofText("mbox_variant", "mboxo"));
        } else if (span.end - span.headersStart > kMaxUnquoteInMemory) {
            sink.addError(m_item.objectId, origin.path, span.start,
                          "mboxrd '>From ' lines left quoted: message larger than 256 MiB", ErrorSeverity::Warning);
        } else {
            // The parsed copy is unquoted; evidence (raw blob, offsets) is not.
            std::vector<std::uint8_t> read;
            ByteView quoted;
            if (keepRaw) {
                quoted = raw.subspan(std::min(raw.size(), static_cast<std::size_t>(span.headersStart - span.start)));
            } else {
                read = m_source.range(span.headersStart, span.end);
                quoted = read;
            }
            std::string unquoted;
            const auto n = unquoteMboxrd(reinterpret_cast<const char *>(quoted.data()), quoted.size(), unquoted);
            GByteArray *array = g_byte_array_sized_new(static_cast<guint>(unquoted.size()));
            g_byte_array_append(array, reinterpret_cast<const guint8 *>(unquoted.data()), static_cast<guint>(unquoted.size()));
            window.reset(g_mime_stream_mem_new_with_byte_array(array));  // owns array
            m_issues.base = span.headersStart;  // offsets of the unquoted copy, close to the file's
            origin.attributes.push_back(Attribute::ofText("mbox_variant", "mboxrd"));
            origin.attributes.push_back(Attribute::ofInt("mbox_from_unquoted", n));
        }
    }
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(window.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    g_mime_parser_set_persist_stream(parser.get(), TRUE);
    GMimeMessage *parsed = g_mime_parser_construct_message(parser.get(), m_options.options);
    if (!parsed) {
        sink.addError(m_item.objectId, origin.path, span.start, "message could not be parsed", ErrorSeverity::Error);
        storeUnparsed(sink, origin,
                      m_source.range(span.start, std::min(span.end, span.start + static_cast<std::int64_t>(
                                                                                  m_ctx.limits->maxBlobBytes))));
        return MessageOutcome::Failed;
    }
    GPtr<GMimeMessage> owned(parsed);
    if (!keepRaw) {
        // Not copied into the case, and said so: the bytes stay in the
        // mbox at mbox_offset/mbox_length.
        origin.attributes.push_back(Attribute::ofInt("raw_not_stored", 1));
        sink.addError(m_item.objectId, origin.path, span.start,
                      "message of " + std::to_string(span.end - span.start) +
                          " bytes is over the blob limit: not copied into the case (it stays in the mbox)",
                      ErrorSeverity::Warning);
    }
    origin.raw = raw;
    origin.issues = m_issues.issues;
    try {
        MessageExtractor(sink, m_ctx).extract(parsed, origin);
        for (const auto &is : m_issues.issues)
            if (is.critical)
                sink.addError(m_item.objectId, origin.path, is.offset, "malformed message: " + is.what,
                              ErrorSeverity::Warning);
        return MessageOutcome::Stored;
    } catch (const std::exception &ex) {
        sink.addError(m_item.objectId, origin.path, span.start, std::string("message not stored: ") + ex.what(),
                      ErrorSeverity::Error);
        return MessageOutcome::Failed;
    }
}

}  // namespace harrier::parsers::mail
