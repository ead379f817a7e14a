#pragma once
/// What a parser writes into. The pipeline implements it over the case
/// writer, filling in source and host so parsers need not know them.

#include <optional>
#include <string>
#include <vector>

#include "base/byte_view.h"
#include "casestore/records.h"
#include "ingest/byte_stream.h"

namespace harrier::ingest {

/// An embedded item handed back to the pipeline.
struct NestedItem {
    std::string name;  ///< leaf name (decoded attachment file name, ...)
    std::string path;  ///< path inside the source, e.g. "mail.mbox#12/report.zip"
    std::string kind;  ///< object kind; "" = "file" (or "archive" when it is one)
    std::vector<casestore::Attribute> attributes;
    /// Times known for the item (from collection metadata, an archive entry...);
    /// each becomes an attribute and a timeline event.
    struct Time {
        std::string desc;  ///< "File Modified", "Attachment Created", ...
        UtcTime time;
    };
    std::vector<Time> times;
};

struct NestedOutcome {
    casestore::ObjectId id = 0;
    std::string sha256;
    std::uint64_t size = 0;
    std::string sha1;  ///< for tools that record SHA-1 (KAPE)
};

class ArtifactSink {
public:
    virtual ~ArtifactSink() = default;

    virtual casestore::ObjectId newObjectId() = 0;
    /// The record's id must come from newObjectId().
    virtual void addObject(casestore::ObjectRecord object) = 0;
    virtual void addEvent(casestore::EventRecord event) = 0;
    virtual void addObservable(casestore::ObservableRecord observable) = 0;
    /// Keeps content as a blob (within the blob size limit); returns its
    /// SHA-256, or "" when it was too large to keep.
    virtual std::string storeBlob(ByteView content) = 0;
    /// The same, for content whose SHA-256 the caller has just computed (a
    /// raw message hashed for its record): saves hashing it a second time.
    virtual std::string storeBlobWithHash(ByteView content, const std::string &sha256) {
        (void)sha256;
        return storeBlob(content);
    }
    virtual void addError(casestore::ObjectId container, std::string path, std::optional<std::int64_t> offset,
                          std::string reason,
                          casestore::ErrorSeverity severity = casestore::ErrorSeverity::Error) = 0;
    /// Records how many items a container (mailbox, folder) held.
    virtual void setCounts(casestore::ContainerCounts counts) = 0;
    /// Runs an embedded item (an attachment, a file in a collection) through
    /// the whole pipeline as a child of `parent`: archive expansion, file
    /// artifact with hashes and blob, and any parser that claims it. The
    /// outcome's id is 0 when it failed (the failure is recorded).
    virtual NestedOutcome ingestNested(casestore::ObjectId parent, NestedItem item, ByteStream &content) = 0;
};

}  // namespace harrier::ingest
