#pragma once
/// Writes Outlook items into the case's email data model (docs/ARCHITECTURE.md
/// "Email data model" and its Outlook section): the same `email` object and
/// attribute names as MIME mail, transport headers through the mail family's
/// HeaderAnalyzer, bodies through BodyAnalyzer, attachments through
/// MessageExtractor::ingestAttachment; non-mail items as their own kinds.

#include <memory>
#include <string>
#include <vector>

#include "base/byte_view.h"
#include "casestore/records.h"
#include "ingest/artifact_sink.h"
#include "ingest/byte_stream.h"
#include "ingest/parser.h"
#include "parsers/mail/observable_collector.h"
#include "parsers/outlook/outlook_item.h"

namespace harrier::parsers::outlook {

/// Where an item goes in the provenance tree.
struct Placement {
    casestore::ObjectId parentId = 0;
    casestore::ObjectId containerId = 0;  ///< errors are recorded against it
    std::string path;                     ///< the item object's path
    std::vector<casestore::Attribute> attributes;  ///< folder_path, pst_identifier, ...
};

class OutlookEmitter {
public:
    OutlookEmitter(ingest::ArtifactSink &sink, const ingest::ParseContext &ctx) : m_sink(sink), m_ctx(ctx) {}

    /// An item whose object is stored; attachments are added to it until finish().
    struct Stored {
        casestore::ObjectId id = 0;
        casestore::ObjectId containerId = 0;
        std::string path;
        std::unique_ptr<mail::ObservableCollector> observables;
        std::size_t attachmentIndex = 0;
    };

    Stored store(const OutlookItem &item, const Placement &placement);
    /// A file (or OLE) attachment's bytes, through the pipeline.
    void attachment(Stored &parent, const OutlookAttachment &meta, ByteView data);
    /// An attachment too large to hold, streamed through the pipeline (hashes,
    /// blob within its limit, archives, parsers) but not inspected for macros
    /// or encryption (not_inspected=1), as MIME does for its large parts.
    void attachmentStream(Stored &parent, const OutlookAttachment &meta, ingest::ByteStream &data);
    /// Placement for an attached message (stored with store() by the reader).
    Placement embeddedPlacement(Stored &parent, const OutlookAttachment &meta);
    void finish(Stored &stored);

    static constexpr std::size_t kMaxRtfChars = 2u << 20;

private:
    /// The attachment's name (safe, or generated), attributes and object path.
    std::vector<casestore::Attribute> attachmentAttributes(Stored &parent, const OutlookAttachment &meta,
                                                           std::string &filename, std::string &path);

    ingest::ArtifactSink &m_sink;
    const ingest::ParseContext &m_ctx;
};

}  // namespace harrier::parsers::outlook
