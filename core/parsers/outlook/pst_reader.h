#pragma once
/// Walks a PST/OST/PAB with libpff one item at a time (bounded memory: each
/// item and attachment is freed before the next), preserving the folder tree,
/// then the items libpff recovers from unallocated space and orphans.

#include <libpff.h>

#include <string>

#include "ingest/artifact_sink.h"
#include "ingest/parser.h"
#include "parsers/outlook/outlook_emitter.h"
#include "parsers/outlook/pff_file.h"

namespace harrier::parsers::outlook {

struct PffItem;
class PstRecoveryScan;

class PstReader {
public:
    /// Attachments over `streamAbove` bytes are streamed, not held; a
    /// message's attachments stay open from counting to storing up to
    /// `keepOpenBytes` of their data (tests lower both).
    /// PSTs up to `inMemoryUpTo` bytes are read from memory (pff_file.h).
    PstReader(const ingest::ItemInput &input, ingest::ArtifactSink &sink, const ingest::ParseContext &ctx,
              std::uint64_t streamAbove = kMaxInMemoryAttachment, std::uint64_t keepOpenBytes = kKeepOpenBytes,
              std::uint64_t inMemoryUpTo = kMaxInMemoryPst)
        : m_input(input),
          m_sink(sink),
          m_ctx(ctx),
          m_emitter(sink, ctx),
          m_streamAbove(streamAbove),
          m_keepOpenBytes(keepOpenBytes),
          m_inMemoryUpTo(inMemoryUpTo) {}
    Result<void> run();

    /// True for the item types stored as items (messages, calendar items,
    /// contacts...); false for folders, attachment and recipient tables.
    static bool isMessageLike(std::uint8_t type);

    static constexpr int kMaxFolderDepth = 256;
    static constexpr int kMaxMessageDepth = 32;
    /// Attachments up to this size are read whole and inspected (macros,
    /// encryption) like MIME parts; larger ones are streamed in chunks into
    /// the hashers and blob writer (MIME's limit, MessageExtractor::kMaxInMemoryAttachment).
    static constexpr std::uint64_t kMaxInMemoryAttachment = 96u << 20;
    /// Attachment data a message's attachments may hold while kept open from
    /// counting to storing (see storeItem).
    static constexpr std::uint64_t kKeepOpenBytes = 64u << 20;
    /// And at most this many of them.
    static constexpr std::size_t kMaxKeptOpen = 256;

private:
    casestore::ObjectId storeInfo(libpff_file_t *file);
    void walkFolder(libpff_item_t *folder, const std::string &folderPath, casestore::ObjectId parentId, int depth);
    /// Stores one item with its recipients and attachments; false when libpff failed on it.
    bool storeItem(libpff_item_t *item, Placement placement, bool recovered, int depth);
    /// `opened`: the message's attachments by index, as opened for counting (null: open again).
    void storeAttachments(libpff_item_t *message, std::vector<PffItem> &opened, OutlookEmitter::Stored &stored,
                          int depth);
    /// `skip`: recovered items already known not to be items (PstRecoveryScan), or null.
    void storeLooseItems(libpff_file_t *file, bool recovered, casestore::ObjectId parentId,
                         const PstRecoveryScan *skip = nullptr);
    casestore::ObjectId folderObject(casestore::ObjectId parentId, const std::string &name, const std::string &folderPath,
                                     std::vector<casestore::Attribute> attributes);
    std::string error(libpff_error_t *&e, std::string_view what);
    void progress(const std::string &where);

    const ingest::ItemInput &m_input;
    ingest::ArtifactSink &m_sink;
    const ingest::ParseContext &m_ctx;
    OutlookEmitter m_emitter;
    std::uint64_t m_stored = 0;
    std::uint64_t m_streamAbove;
    std::uint64_t m_keepOpenBytes;
    std::uint64_t m_inMemoryUpTo;
    std::string m_format = "pst";  ///< outlook_source of every item: pst, ost or pab (store_format)
};

}  // namespace harrier::parsers::outlook
