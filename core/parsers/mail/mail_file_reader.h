#pragma once
/// Reads mail files with GMime's parser: an mbox streamed message by
/// message (GMimeStreamFs + persist-stream, so bodies stay on disk and
/// memory is bounded by the largest message, not the file), or a single
/// RFC 822 message. Each message goes to MessageExtractor; an mbox's
/// messages are extracted on worker threads (ParallelMboxReader) and reach
/// the sink in mbox order on the calling thread.

#include <string>
#include <vector>

#include "base/result.h"
#include "casestore/records.h"
#include "ingest/artifact_sink.h"
#include "ingest/parser.h"

namespace harrier::parsers::mail {

class MailFileReader {
public:
    MailFileReader(const ingest::ItemInput &item, ingest::ArtifactSink &sink, const ingest::ParseContext &ctx)
        : m_item(item), m_sink(sink), m_ctx(ctx) {}

    /// Every message of an mbox (mboxo/mboxrd, Content-Length aware,
    /// CRLF; CR-only files are converted byte for byte so offsets hold).
    /// Counts: seen = From_ separators found = stored + failed.
    Result<void> readMbox();
    /// One message (.eml, Maildir file, extension-less RFC 822).
    Result<void> readSingle(std::vector<casestore::Attribute> attributes);

    /// True when the bytes use bare CR line endings (classic Mac OS).
    static bool crOnly(ByteView head);

private:
    ingest::ItemInput m_item;
    ingest::ArtifactSink &m_sink;
    const ingest::ParseContext &m_ctx;
};

}  // namespace harrier::parsers::mail
