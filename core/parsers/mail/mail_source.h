#pragma once
/// One thread's access to a mail file's bytes for GMime: its own descriptor
/// and GMime stream (a GMime stream has one position, so two threads never
/// share one), plus the per-parse warning collector GMime reports into.

#include <gmime/gmime.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "ingest/parser.h"
#include "parsers/mail/gmime_util.h"
#include "parsers/mail/message_extractor.h"

namespace harrier::parsers::mail {

/// The item's bytes as a GMime stream, plus a way to fetch a byte range
/// without disturbing the parser's own position.
struct MailSource {
    GPtr<GMimeStream> stream;
    int rawFd = -1;                    ///< second descriptor for pread of raw messages
    std::vector<std::uint8_t> memory;  ///< CR-only content converted to LF
    MailSource() = default;
    ~MailSource();
    MailSource(const MailSource &) = delete;
    MailSource &operator=(const MailSource &) = delete;

    std::vector<std::uint8_t> range(std::int64_t start, std::int64_t end) const;
    /// The same bytes in a GByteArray the caller owns (a GMime memory stream
    /// can take it without a copy); shorter at the end of the file.
    GByteArray *rangeArray(std::int64_t start, std::int64_t end) const;
    /// Content size as parsed (the converted copy for CR-only files).
    std::int64_t size(const ingest::ItemInput &item) const {
        return static_cast<std::int64_t>(memory.empty() ? item.size : memory.size());
    }
};

/// True when the bytes use bare CR line endings (classic Mac OS).
bool crOnlyLineEndings(ByteView head);

/// Opens the item; CR-only files (classic Mac OS) are converted to LF in
/// memory, byte for byte, so offsets stay those of the original file.
Result<void> openMailSource(const ingest::ItemInput &item, MailSource &src);

/// The parser anomalies GMime reports while building one message.
struct IssueSink {
    std::vector<ParseIssue> issues;
    /// Added to GMime's offsets: where the parsed stream's offset 0 is in the file.
    std::int64_t base = 0;
    static void callback(gint64 offset, GMimeParserWarning code, const gchar *item, gpointer data);
};

/// Per-reader parser options: the warning callback needs this reader's IssueSink.
struct IssueOptions {
    GMimeParserOptions *options;
    explicit IssueOptions(IssueSink &sink);
    ~IssueOptions();
    IssueOptions(const IssueOptions &) = delete;
    IssueOptions &operator=(const IssueOptions &) = delete;
};

}  // namespace harrier::parsers::mail
