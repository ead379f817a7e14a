#pragma once
/// One evidence source being ingested: walks a directory, a file, archives
/// inside them, and hands each item to the parser that claims it. It is the
/// ArtifactSink parsers write into.

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/limits.h"
#include "base/progress.h"
#include "casestore/case_writer.h"
#include "ingest/artifact_sink.h"
#include "ingest/content_reader.h"
#include "ingest/file_type.h"
#include "ingest/parse_worker.h"
#include "ingest/parser_registry.h"

namespace harrier::ingest {

class CollectionLayout;

struct IngestOptions {
    /// Tried on encrypted archives. "infected" is the malware-sharing
    /// convention for zips attached to phishing reports; user passwords are
    /// appended to it.
    std::vector<std::string> passwords{"infected"};
    Limits limits;
    std::string host;  ///< when the analyst knows which host the evidence is from
};

/// Facts about an item before its bytes are read.
struct ItemMeta {
    std::string name;
    std::string path;  ///< inside the source
    std::string kind;  ///< "" = "file" or "archive"
    std::vector<NestedItem::Time> times;
    std::vector<casestore::Attribute> attributes;
};

class SourceIngest final : public ArtifactSink {
public:
    SourceIngest(casestore::CaseWriter &writer, const ParserRegistry &parsers, const IngestOptions &options,
                 casestore::ObjectId sourceId, const std::string &spoolDir, std::stop_token stop,
                 ProgressSink &progress);

    /// Ingests a directory tree, recursively, as children of the source.
    void walkDirectory(const std::string &root);
    using ItemOutcome = NestedOutcome;
    /// Ingests one file as the source's single child.
    ItemOutcome ingestFile(const std::string &path);

    std::uint64_t itemsDone() const { return m_items; }
    std::uint64_t bytesDone() const { return m_bytes; }
    std::uint64_t errorCount() const { return m_errors; }
    std::uint64_t storedCount() const { return m_stored; }
    bool stopped() const { return m_stop.stop_requested(); }
    /// Set when the case writer failed: nothing more can be stored.
    std::optional<Error> writeError() const;

    // ArtifactSink
    casestore::ObjectId newObjectId() override { return m_writer.allocateObjectId(); }
    void addObject(casestore::ObjectRecord object) override;
    void addEvent(casestore::EventRecord event) override;
    void addObservable(casestore::ObservableRecord observable) override;
    std::string storeBlob(ByteView content) override;
    std::string storeBlobWithHash(ByteView content, const std::string &sha256) override;
    void addError(casestore::ObjectId container, std::string path, std::optional<std::int64_t> offset,
                  std::string reason, casestore::ErrorSeverity severity) override;
    void setCounts(casestore::ContainerCounts counts) override;
    NestedOutcome ingestNested(casestore::ObjectId parent, NestedItem item, ByteStream &content) override;

private:
    ItemOutcome processItem(ByteStream &stream, ItemMeta meta, casestore::ObjectId parent,
                            casestore::ContainerCounts &counts, int depth, const std::string *localPath = nullptr);
    void walkArchive(const std::string &localPath, casestore::ObjectId archiveId, const std::string &archivePath,
                     const std::string &name, int depth, CollectionLayout *layout);
    void runParser(Parser &parser, const ItemInput &input, int depth);
    /// Hands the parse to m_worker; the task releases the spool file after it.
    void parseAlongside(Parser &parser, ItemInput input, int depth, SpoolDir::File spool);
    ParseContext parseContext(int depth) const;
    void storeLink(const std::string &name, const std::string &path, const std::string &target,
                   casestore::ObjectId parent, const char *kind);
    void put(casestore::WriteOp op);
    void reportProgress(const std::string &current);
    FileType fileType(ByteView head, const std::string &sha256);

    casestore::CaseWriter &m_writer;
    const ParserRegistry &m_parsers;
    const IngestOptions &m_options;
    casestore::ObjectId m_sourceId;
    SpoolDir m_spool;
    std::stop_token m_stop;
    ProgressSink &m_progress;
    std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
    std::uint64_t m_items = 0, m_stored = 0;
    std::atomic<std::uint64_t> m_bytes{0};  ///< also counted by a file hashed beside its parse
    std::atomic<std::uint64_t> m_errors{0};  ///< parses on m_worker add errors too
    /// put() may run on more than one thread (any thread holding this sink):
    /// the flag is what the walk polls, the error is kept under the mutex.
    std::atomic<bool> m_writeFailed{false};
    mutable std::mutex m_writeErrorMutex;
    std::optional<Error> m_writeError;
    int m_parseDepth = 1;  ///< depth of the item whose parser is running
    std::string m_layoutHost;  ///< host named by the collection layout being walked
    static constexpr std::size_t kTypeCacheEntries = 4096;
    std::unordered_map<std::string, FileType> m_types;  ///< libmagic answers by content SHA-256
    ParseWorker m_worker;  ///< last: destroyed (its tasks finished) before the spool directory
};

}  // namespace harrier::ingest
