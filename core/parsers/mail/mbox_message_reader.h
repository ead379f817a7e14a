#pragma once
/// Reads one message of an mbox: its origin attributes, the warnings about
/// its span, the GMime parse from its own window of the file and the
/// extraction, all into one sink. Whatever thread runs it, the records come
/// out in the same order, so a serial read and a parallel one (which records
/// per message and replays in mbox order) store the same case.

#include <cstdint>

#include "ingest/artifact_sink.h"
#include "ingest/parser.h"
#include "parsers/mail/mail_source.h"
#include "parsers/mail/mbox_splitter.h"

namespace harrier::parsers::mail {

/// One message as the splitting thread found it.
struct MboxMessage {
    MboxSpan span;
    std::int64_t index = 0;         ///< 1-based position in the mailbox
    std::int64_t leadingBytes = 0;  ///< bytes before the first From_ line (reported with message 1)
    /// Decided in mbox order by the splitting thread (it may scan the whole
    /// file once); only meaningful when span.quotedFromLines > 0.
    bool mboxrd = false;
};

enum class MessageOutcome { Stored, Failed };

class MboxMessageReader {
public:
    /// `source` is this thread's own view of the file.
    MboxMessageReader(const ingest::ItemInput &item, const ingest::ParseContext &ctx, MailSource &source)
        : m_item(item), m_ctx(ctx), m_source(source), m_options(m_issues) {}

    MessageOutcome read(const MboxMessage &message, ingest::ArtifactSink &sink);

private:
    const ingest::ItemInput &m_item;
    const ingest::ParseContext &m_ctx;
    MailSource &m_source;
    IssueSink m_issues;
    IssueOptions m_options;
};

}  // namespace harrier::parsers::mail
