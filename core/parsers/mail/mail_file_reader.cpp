#include "parsers/mail/mail_file_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <exception>

#include "parsers/mail/gmime_util.h"
#include "parsers/mail/mail_source.h"
#include "parsers/mail/mbox_message_reader.h"
#include "parsers/mail/mbox_splitter.h"
#include "parsers/mail/message_extractor.h"
#include "parsers/mail/parallel_mbox_reader.h"

namespace harrier::parsers::mail {

using casestore::Attribute;
using casestore::ErrorSeverity;

namespace {

// Set while this thread replays a parallel mbox read. An mbox attached to
// one of its messages is parsed during that replay, on this thread, through
// the pipeline: it is read serially rather than starting a second pool.
thread_local bool t_inParallelRead = false;

struct ParallelReadScope {
    ParallelReadScope() { t_inParallelRead = true; }
    ~ParallelReadScope() { t_inParallelRead = false; }
    ParallelReadScope(const ParallelReadScope &) = delete;
    ParallelReadScope &operator=(const ParallelReadScope &) = delete;
};

}  // namespace

bool MailFileReader::crOnly(ByteView head) { return crOnlyLineEndings(head); }

Result<void> MailFileReader::readMbox() {
    ensureGmime();
    MailSource src;
    if (auto r = openMailSource(m_item, src); !r)
        return r;
    const std::int64_t size = src.size(m_item);
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

    // Counts follow the messages as they reach the sink (in mbox order,
    // whichever thread extracted them): seen = stored + failed at every step.
    casestore::ContainerCounts counts{m_item.objectId};
    auto finished = [&](const MboxMessage &message, MessageOutcome outcome) {
        counts.seen = message.index;
        ++(outcome == MessageOutcome::Stored ? counts.stored : counts.failed);
        if (message.index % 500 == 0)
            m_sink.setCounts(counts);
    };
    MboxMessageReader serial(m_item, m_ctx, src);
    // CR-only files are converted in one memory buffer that a GMime memory
    // stream cannot share between threads without a copy: read serially.
    const int workers = t_inParallelRead || !src.memory.empty() ? 0 : mboxWorkerThreads();
    std::optional<ParallelMboxReader> pool;
    std::optional<ParallelReadScope> scope;
    if (workers > 0) {
        pool.emplace(m_item, m_ctx, finished, [&](const MboxMessage &message) { return serial.read(message, m_sink); });
        if (!pool->start(workers))
            pool.reset();  // a worker could not open the file: the calling thread reads it alone
        else
            scope.emplace();
    }

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
        MboxMessage message;
        message.index = ++index;
        message.leadingBytes = splitter.leadingBytes();
        if (span->quotedFromLines > 0) {
            if (!mboxrd)
                mboxrd = span->deepQuotedFromLines > 0 || splitter.fileHasDeepQuotedFrom();
            message.mboxrd = *mboxrd;
        }
        message.span = std::move(*span);
        if (!pool) {
            finished(message, serial.read(message, m_sink));
        } else if (message.span.end - message.span.start > ParallelMboxReader::kMaxRecordedMessage) {
            // After everything before it, so ids and records keep mbox order.
            pool->drain(m_sink);
            finished(message, serial.read(message, m_sink));
        } else {
            pool->submit(std::move(message), m_sink);
        }
    }
    if (pool)
        pool->drain(m_sink);
    if (index == 0 && size > 0)
        m_sink.addError(m_item.objectId, m_item.path, 0, "not an mbox: no 'From ' separator line found",
                        ErrorSeverity::Error);
    m_sink.setCounts(counts);
    return {};
}

Result<void> MailFileReader::readSingle(std::vector<Attribute> attributes) {
    ensureGmime();
    MailSource src;
    if (auto r = openMailSource(m_item, src); !r)
        return r;
    IssueSink issues;
    IssueOptions options(issues);
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
