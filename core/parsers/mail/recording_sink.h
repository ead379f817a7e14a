#pragma once
/// An ArtifactSink that records what a message's extraction emits, so the
/// extraction can run on a worker thread and its records reach the real sink
/// later, on the thread that owns it, in mbox order.
///
/// Ids: newObjectId() hands out provisional ids (kProvisionalBit set) and
/// records the call itself; replay() calls the real newObjectId() at the same
/// point of the sequence, so real ids come out exactly as a serial read
/// allocates them, and rewrites every reference (object, parent, event,
/// observable, error) through the mapping. An attachment handed to
/// ingestNested is kept with its bytes and run through the real pipeline
/// during replay (the pipeline stays single-threaded); the worker gets a
/// provisional id and the SHA-256 it computed itself.

#include <cstdint>
#include <variant>
#include <vector>

#include "ingest/artifact_sink.h"

namespace harrier::parsers::mail {

class RecordingSink final : public ingest::ArtifactSink {
public:
    static constexpr casestore::ObjectId kProvisionalBit = casestore::ObjectId{1} << 62;

    /// `maxBlobBytes` and `nestedDepth` (the depth an embedded item gets)
    /// mirror the real sink's limits, so what the extraction is told matches.
    RecordingSink(std::uint64_t maxBlobBytes, int nestedDepth, int maxNestingDepth)
        : m_maxBlobBytes(maxBlobBytes), m_nestedTooDeep(nestedDepth > maxNestingDepth) {}

    casestore::ObjectId newObjectId() override;
    void addObject(casestore::ObjectRecord object) override { m_ops.emplace_back(std::move(object)); }
    void addEvent(casestore::EventRecord event) override { m_ops.emplace_back(std::move(event)); }
    void addObservable(casestore::ObservableRecord observable) override { m_ops.emplace_back(std::move(observable)); }
    std::string storeBlob(ByteView content) override;
    std::string storeBlobWithHash(ByteView content, const std::string &sha256) override;
    void addError(casestore::ObjectId container, std::string path, std::optional<std::int64_t> offset,
                  std::string reason, casestore::ErrorSeverity severity) override;
    void setCounts(casestore::ContainerCounts counts) override { m_ops.emplace_back(counts); }
    ingest::NestedOutcome ingestNested(casestore::ObjectId parent, ingest::NestedItem item,
                                       ingest::ByteStream &content) override;

    /// Sends everything recorded to `real`, in order. Call once.
    void replay(ingest::ArtifactSink &real);
    /// Bytes held (blobs, attachments): what the reader's memory bound counts.
    std::uint64_t heldBytes() const { return m_heldBytes; }
    /// A message whose recording would hold more than this (decoded
    /// attachments, nested messages' blobs: far more than its own span) is
    /// abandoned and read again serially, straight into the real sink.
    static constexpr std::uint64_t kMaxHeldBytes = 64ULL << 20;
    /// True once the cap was hit: the recording is incomplete, never replay it.
    bool overflowed() const { return m_overflowed; }

private:
    struct NewId {};
    struct Blob {
        std::vector<std::uint8_t> data;
        std::string sha256;
    };
    struct Error {
        casestore::ObjectId container;
        std::string path;
        std::optional<std::int64_t> offset;
        std::string reason;
        casestore::ErrorSeverity severity;
    };
    struct Nested {
        casestore::ObjectId parent;
        ingest::NestedItem item;
        std::vector<std::uint8_t> data;
    };
    using Op = std::variant<NewId, casestore::ObjectRecord, casestore::EventRecord, casestore::ObservableRecord, Blob,
                            Error, casestore::ContainerCounts, Nested>;

    casestore::ObjectId remap(casestore::ObjectId id) const;

    std::uint64_t m_maxBlobBytes;
    bool m_nestedTooDeep;
    std::vector<Op> m_ops;
    std::vector<casestore::ObjectId> m_real;  ///< real id by provisional index, filled by replay
    casestore::ObjectId m_issued = 0;         ///< provisional ids handed out
    std::uint64_t m_heldBytes = 0;
    bool m_overflowed = false;

    /// Counts `bytes` against the cap; throws once it is passed, which ends
    /// the extraction early (its result is discarded anyway).
    void hold(std::uint64_t bytes);
};

}  // namespace harrier::parsers::mail
