#include "ingest/source_ingest.h"

#include <sys/stat.h>
#include <unistd.h>

#include <exception>
#include <filesystem>
#include <future>

#include "base/logging.h"
#include "ingest/archive_reader.h"
#include "ingest/collection_layout.h"
#include "ingest/file_type.h"

namespace harrier::ingest {

namespace fs = std::filesystem;
using casestore::Attribute;
using casestore::ContainerCounts;
using casestore::ErrorSeverity;
using casestore::ObjectId;

namespace {

// Counts are also written while a container is being walked, so a killed
// ingest still shows how far it got.
constexpr std::uint64_t kCountsEvery = 500;

std::string leafName(const std::string &path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::vector<NestedItem::Time> statTimes(const struct stat &st) {
    return {{"File Modified", UtcTime::fromUnixNanos(st.st_mtim.tv_sec, st.st_mtim.tv_nsec)},
            {"File Accessed", UtcTime::fromUnixNanos(st.st_atim.tv_sec, st.st_atim.tv_nsec)},
            {"Metadata Changed", UtcTime::fromUnixNanos(st.st_ctim.tv_sec, st.st_ctim.tv_nsec)}};
}

casestore::IngestError makeIngestError(ObjectId source, ObjectId container, std::string path,
                                       std::optional<std::int64_t> offset, std::string reason,
                                       ErrorSeverity severity) {
    logging::get("ingest")->info("{} {}: {}", severity == ErrorSeverity::Error ? "error" : "warning", path, reason);
    casestore::IngestError e;
    e.sourceId = source;
    e.containerId = container;
    e.path = std::move(path);
    e.offset = offset;
    e.severity = severity;
    e.reason = std::move(reason);
    e.at = UtcTime::now();
    return e;
}

// A parser's failure is the item's failure, never the ingest's.
void parseInto(Parser &parser, const ItemInput &input, ArtifactSink &sink, const ParseContext &ctx) {
    try {
        if (auto r = parser.parse(input, sink, ctx); !r)
            sink.addError(input.objectId, input.path, std::nullopt,
                          std::string(parser.info().id) + " parser: " + r.error().message, ErrorSeverity::Error);
    } catch (const std::exception &ex) {
        sink.addError(input.objectId, input.path, std::nullopt,
                      std::string(parser.info().id) + " parser crashed: " + ex.what(), ErrorSeverity::Error);
    }
}

/// What a parser running on the ParseWorker writes into: straight to the case
/// writer (its queue is thread-safe), with the source and host fixed when the
/// item was handed over. A writer failure is kept by the writer and stops the
/// walk at its next record.
class AlongsideSink final : public ArtifactSink {
public:
    AlongsideSink(casestore::CaseWriter &writer, ObjectId sourceId, std::string host, std::uint64_t maxBlobBytes,
                  std::atomic<std::uint64_t> &errors)
        : m_writer(writer), m_sourceId(sourceId), m_host(std::move(host)), m_maxBlobBytes(maxBlobBytes),
          m_errors(errors) {}

    ObjectId newObjectId() override { return m_writer.allocateObjectId(); }
    void addObject(casestore::ObjectRecord object) override {
        if (object.sourceId == 0)
            object.sourceId = m_sourceId;
        put(std::move(object));
    }
    void addEvent(casestore::EventRecord event) override {
        if (event.sourceId == 0)
            event.sourceId = m_sourceId;
        if (event.host.empty())
            event.host = m_host;
        put(std::move(event));
    }
    void addObservable(casestore::ObservableRecord observable) override { put(std::move(observable)); }
    std::string storeBlob(ByteView content) override {
        if (content.size() > m_maxBlobBytes)
            return {};
        std::string sha256 = sha256Hex(content);
        put(makeBlob(content, sha256));
        return sha256;
    }
    void addError(ObjectId container, std::string path, std::optional<std::int64_t> offset, std::string reason,
                  ErrorSeverity severity) override {
        if (severity == ErrorSeverity::Error)
            ++m_errors;
        put(makeIngestError(m_sourceId, container, std::move(path), offset, std::move(reason), severity));
    }
    void setCounts(ContainerCounts counts) override { put(counts); }
    NestedOutcome ingestNested(ObjectId parent, NestedItem item, ByteStream &) override {
        addError(parent, item.path, std::nullopt,
                 "embedded item not ingested: its parser ran beside the walk, which cannot nest items",
                 ErrorSeverity::Error);
        return {};
    }

private:
    void put(casestore::WriteOp op) { (void)m_writer.put(std::move(op)); }

    casestore::CaseWriter &m_writer;
    ObjectId m_sourceId;
    std::string m_host;
    std::uint64_t m_maxBlobBytes;
    std::atomic<std::uint64_t> &m_errors;
};

}  // namespace

SourceIngest::SourceIngest(casestore::CaseWriter &writer, const ParserRegistry &parsers,
                           const IngestOptions &options, ObjectId sourceId, const std::string &spoolDir,
                           std::stop_token stop, ProgressSink &progress)
    : m_writer(writer),
      m_parsers(parsers),
      m_options(options),
      m_sourceId(sourceId),
      m_spool(spoolDir),
      m_stop(std::move(stop)),
      m_progress(progress) {}

void SourceIngest::put(casestore::WriteOp op) {
    if (m_writeFailed.load(std::memory_order_acquire))
        return;
    if (auto r = m_writer.put(std::move(op)); !r) {
        std::lock_guard lock(m_writeErrorMutex);
        if (!m_writeError)
            m_writeError = r.error();
        m_writeFailed.store(true, std::memory_order_release);
    }
}

std::optional<Error> SourceIngest::writeError() const {
    std::lock_guard lock(m_writeErrorMutex);
    return m_writeError;
}

void SourceIngest::addObject(casestore::ObjectRecord object) {
    if (object.sourceId == 0)
        object.sourceId = m_sourceId;
    put(std::move(object));
}

void SourceIngest::addEvent(casestore::EventRecord event) {
    if (event.sourceId == 0)
        event.sourceId = m_sourceId;
    if (event.host.empty())
        event.host = m_options.host.empty() ? m_layoutHost : m_options.host;
    put(std::move(event));
}

void SourceIngest::addObservable(casestore::ObservableRecord observable) { put(std::move(observable)); }

std::string SourceIngest::storeBlob(ByteView content) {
    if (content.size() > m_options.limits.maxBlobBytes)
        return {};
    return storeBlobWithHash(content, sha256Hex(content));
}

std::string SourceIngest::storeBlobWithHash(ByteView content, const std::string &sha256) {
    if (content.size() > m_options.limits.maxBlobBytes)
        return {};
    put(makeBlob(content, sha256));
    return sha256;
}

void SourceIngest::addError(ObjectId container, std::string path, std::optional<std::int64_t> offset,
                            std::string reason, ErrorSeverity severity) {
    if (severity == ErrorSeverity::Error)
        ++m_errors;
    put(makeIngestError(m_sourceId, container, std::move(path), offset, std::move(reason), severity));
}

void SourceIngest::setCounts(ContainerCounts counts) { put(counts); }

NestedOutcome SourceIngest::ingestNested(ObjectId parent, NestedItem item, ByteStream &content) {
    ContainerCounts ignored;  // the calling parser keeps its own container's counts
    // An embedded item sits one level below the item being parsed, so the
    // nesting limit also holds for archives inside attachments inside mailboxes.
    const int depth = m_parseDepth + 1;
    if (depth > m_options.limits.maxNestingDepth) {
        addError(parent, item.path, std::nullopt,
                 "nesting depth limit (" + std::to_string(m_options.limits.maxNestingDepth) +
                     ") reached: embedded item not ingested",
                 ErrorSeverity::Error);
        return {};
    }
    const int saved = m_parseDepth;
    ItemMeta meta{std::move(item.name), std::move(item.path), std::move(item.kind), std::move(item.times),
                  std::move(item.attributes)};
    const NestedOutcome outcome = processItem(content, std::move(meta), parent, ignored, depth);
    m_parseDepth = saved;
    return outcome;
}

void SourceIngest::reportProgress(const std::string &current) {
    ProgressInfo p;
    p.stage = "ingest";
    p.currentItem = current;
    p.items = m_items;
    p.bytes = m_bytes;
    p.elapsedSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
    m_progress.onProgress(p);
}

FileType SourceIngest::fileType(ByteView head, const std::string &sha256) {
    // libmagic costs millions of instructions per call on text-like content
    // (it compiles its regex tests every time). Mail repeats attachments
    // (logos, signatures, the same document down a thread), and equal
    // SHA-256 means equal bytes, so equal answers.
    if (auto it = m_types.find(sha256); it != m_types.end())
        return it->second;
    FileType type = identifyFileType(head);
    if (m_types.size() >= kTypeCacheEntries)
        m_types.clear();
    m_types.emplace(sha256, type);
    return type;
}

void SourceIngest::storeLink(const std::string &name, const std::string &path, const std::string &target,
                             ObjectId parent, const char *kind) {
    casestore::ObjectRecord o;
    o.id = newObjectId();
    o.parentId = parent;
    o.kind = kind;
    o.name = name;
    o.path = path;
    if (!target.empty())
        o.attributes.push_back(Attribute::ofText("link_target", target));
    addObject(std::move(o));
    ++m_stored;
}

SourceIngest::ItemOutcome SourceIngest::ingestFile(const std::string &path) {
    ContainerCounts counts{m_sourceId, 1, 0, 0};
    ItemOutcome outcome;
    struct stat st {};
    auto stream = FileStream::open(path);
    if (!stream || ::stat(path.c_str(), &st) != 0) {
        addError(m_sourceId, path, std::nullopt, stream ? "cannot stat file" : stream.error().message,
                 ErrorSeverity::Error);
        counts.failed = 1;
    } else {
        const std::string name = fs::path(path).filename().string();
        ItemMeta meta{name, name, "", statTimes(st), {Attribute::ofText("time_origin", "filesystem of the copy")}};
        outcome = processItem(**stream, std::move(meta), m_sourceId, counts, 1, &path);
    }
    m_worker.drain();  // the source is finished only when its parses are
    setCounts(counts);
    return outcome;
}

void SourceIngest::walkDirectory(const std::string &root) {
    ContainerCounts counts{m_sourceId};
    std::error_code ec;
    const auto layout = probeDirectoryLayout(root);
    if (layout) {
        m_layoutHost = layout->host();
        layout->begin(m_sourceId, "", *this);
    }
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        addError(m_sourceId, root, std::nullopt, "cannot read directory: " + ec.message(), ErrorSeverity::Error);
        setCounts(counts);
        return;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
            addError(m_sourceId, it->path().string(), std::nullopt, "cannot read directory: " + ec.message(),
                     ErrorSeverity::Error);
            ec.clear();
            continue;
        }
        if (m_stop.stop_requested() || m_writeFailed.load(std::memory_order_acquire))
            break;
        const fs::path &p = it->path();
        // Lexical on purpose: fs::relative would resolve symlinks in evidence.
        const std::string rel = p.lexically_relative(root).generic_string();
        const fs::file_status status = it->symlink_status(ec);
        if (fs::is_directory(status))
            continue;  // folders are paths, not items
        ++counts.seen;
        if (fs::is_symlink(status)) {
            // Never followed: a symlink in evidence may point anywhere on the analyst's machine.
            storeLink(p.filename().string(), rel, fs::read_symlink(p, ec).string(), m_sourceId, "symlink");
            ++counts.stored;
        } else if (!fs::is_regular_file(status)) {
            storeLink(p.filename().string(), rel, {}, m_sourceId, "special");  // FIFOs would block a read
            ++counts.stored;
        } else {
            struct stat st {};
            auto stream = FileStream::open(p.string());
            if (!stream || ::stat(p.c_str(), &st) != 0) {
                addError(m_sourceId, rel, std::nullopt, stream ? "cannot stat file" : stream.error().message,
                         ErrorSeverity::Error);
                ++counts.failed;
            } else {
                const std::string local = p.string();
                ItemMeta meta{p.filename().string(), rel, "", statTimes(st),
                              {Attribute::ofText("time_origin", "filesystem of the copy")}};
                if (layout)
                    layout->describe(rel, meta);
                const auto outcome = processItem(**stream, std::move(meta), m_sourceId, counts, 1, &local);
                if (layout)
                    layout->stored(rel, outcome, *this);
            }
        }
        if (counts.seen % kCountsEvery == 0)
            setCounts(counts);
    }
    m_worker.drain();  // the source is finished only when its parses are
    if (layout)
        layout->finish(*this);
    m_layoutHost.clear();
    setCounts(counts);
}

SourceIngest::ItemOutcome SourceIngest::processItem(ByteStream &stream, ItemMeta meta, ObjectId parent,
                                                    ContainerCounts &counts, int depth,
                                                    const std::string *localPath) {
    reportProgress(meta.path);
    auto fail = [&](const std::string &reason) {
        addError(parent, meta.path, std::nullopt, reason, ErrorSeverity::Error);
        ++counts.failed;
        return ItemOutcome{};
    };
    auto head = readHead(stream);
    if (!head)
        return fail(head.error().message);
    const ByteView headView(*head);
    const bool archive = looksLikeArchive(headView);
    Parser *parser = archive ? nullptr : m_parsers.best(headView, meta.name);

    SpoolDir::File spool;
    if ((archive || parser) && !localPath) {
        auto created = m_spool.create();
        if (!created)
            return fail(created.error().message);
        spool = *created;
    }
    ContentOptions opts;
    opts.maxBlobBytes = m_options.limits.maxBlobBytes;
    opts.spoolFd = spool.fd;
    opts.stop = m_stop;
    opts.onBytes = [this](std::uint64_t n) { m_bytes += n; };
    auto stoppedOr = [](const Error &e) {
        return e.code == ErrorCode::Stopped ? std::string("stopped before this item was read completely") : e.message;
    };
    // A file too large for a blob that its parser reads in place (an mbox, a
    // PST) is hashed on a thread of its own while it is parsed, and its object
    // gets the digests afterwards: hashing first kept one core of two idle
    // for the first 1.3 s of a 500 MB mbox's ingest.
    struct stat st {};
    const bool hashBeside = parser && localPath && !parser->parsesAlongside() && ::stat(localPath->c_str(), &st) == 0 &&
                            static_cast<std::uint64_t>(st.st_size) > opts.maxBlobBytes;
    std::future<Result<ContentResult>> digestsLater;
    Result<ContentResult> content = ContentResult{};
    if (hashBeside) {
        ContentOptions hashOnly = opts;
        hashOnly.maxBlobBytes = 0;  // known to be too large: collecting a blob's worth only to drop it
                                    // would raise the parse's peak memory by the blob limit
        digestsLater = std::async(std::launch::async,
                                  [&headView, &stream, hashOnly] { return readContent(headView, stream, hashOnly); });
        content->size = static_cast<std::uint64_t>(st.st_size);
    } else {
        content = readContent(headView, stream, opts);
    }
    if (!content) {
        m_spool.release(spool);
        return fail(stoppedOr(content.error()));
    }

    const std::string itemPath = localPath ? *localPath : spool.path;
    // A collection's own file events already belong to the host it names.
    const std::string outerHost = m_layoutHost;
    std::unique_ptr<CollectionLayout> layout;
    if (archive && depth + 1 <= m_options.limits.maxNestingDepth) {
        layout = probeArchiveLayout(itemPath, meta.name, m_options.passwords, m_options.limits, m_stop);
        if (layout && !layout->host().empty())
            m_layoutHost = layout->host();
    }
    // Types are remembered by SHA-256; a file hashed beside its parse has none yet.
    const FileType type = hashBeside ? identifyFileType(headView) : fileType(headView, content->hashes.sha256);
    casestore::ObjectRecord o;
    o.id = newObjectId();
    o.parentId = parent;
    o.kind = !meta.kind.empty() ? meta.kind : (archive ? "archive" : "file");
    o.name = meta.name;
    o.path = meta.path;
    o.size = static_cast<std::int64_t>(content->size);
    o.md5 = content->hashes.md5;
    o.sha1 = content->hashes.sha1;
    o.sha256 = content->hashes.sha256;
    o.mimeType = type.mimeType;
    o.fileType = type.description;
    o.attributes = std::move(meta.attributes);
    for (const auto &t : meta.times)
        o.attributes.push_back(Attribute::ofTime(t.desc, t.time));
    if (content->blob) {
        o.blobSha256 = content->blob->sha256;
        put(std::move(*content->blob));
    }
    const ObjectId id = o.id;
    ItemOutcome outcome{id, content->hashes.sha256, content->size, content->hashes.sha1};
    if (archive && !meta.kind.empty())
        o.attributes.push_back(Attribute::ofInt("is_archive", 1));
    addObject(std::move(o));
    for (const auto &t : meta.times) {
        casestore::EventRecord e;
        e.time = t.time;
        e.timestampDesc = t.desc;
        e.eventType = "fs:file";
        e.objectId = id;
        e.message = meta.path + " (" + std::to_string(content->size) + " bytes, " +
                    (type.mimeType.empty() ? "unknown type" : type.mimeType) + ")";
        addEvent(std::move(e));
    }
    ++counts.stored;
    ++m_stored;
    ++m_items;

    if (archive) {
        ::close(spool.fd);  // libarchive reopens by name
        spool.fd = -1;
        walkArchive(itemPath, id, meta.path, meta.name, depth + 1, layout.get());
    } else if (parser) {
        ItemInput input{id, m_sourceId, meta.name, meta.path, itemPath, content->size, headView, {}};
        for (const auto &t : meta.times)
            if (t.desc.ends_with("Modified") && !input.modified)
                input.modified = t.time;
        if (parser->parsesAlongside()) {
            parseAlongside(*parser, std::move(input), depth, spool);  // the task releases the spool file
            spool = {};
        } else {
            runParser(*parser, input, depth);
        }
    }
    if (digestsLater.valid()) {
        if (auto digests = digestsLater.get()) {
            put(casestore::ObjectDigests{id, digests->hashes.md5, digests->hashes.sha1, digests->hashes.sha256});
            outcome.sha256 = digests->hashes.sha256;
            outcome.sha1 = digests->hashes.sha1;
        } else {
            addError(id, meta.path, std::nullopt, "digests not computed: " + stoppedOr(digests.error()),
                     ErrorSeverity::Error);
        }
    }
    m_spool.release(spool);
    m_layoutHost = outerHost;
    return outcome;
}

ParseContext SourceIngest::parseContext(int depth) const {
    ParseContext ctx;
    ctx.stop = m_stop;
    ctx.limits = &m_options.limits;
    ctx.progress = &m_progress;
    ctx.passwords = m_options.passwords;
    ctx.host = m_options.host.empty() ? m_layoutHost : m_options.host;
    ctx.depth = depth;
    return ctx;
}

void SourceIngest::runParser(Parser &parser, const ItemInput &input, int depth) {
    m_parseDepth = depth;
    parseInto(parser, input, *this, parseContext(depth));
}

void SourceIngest::parseAlongside(Parser &parser, ItemInput input, int depth, SpoolDir::File spool) {
    ParseContext ctx = parseContext(depth);
    ctx.progress = nullptr;  // progress is reported by the walk's thread only
    // A queued task holds neither the head (up to 64 KiB each, a thousand
    // tasks deep) nor a descriptor: it reads the head again from the file,
    // by then most likely still in the page cache.
    input.head = {};
    if (spool.fd >= 0) {
        ::close(spool.fd);
        spool.fd = -1;
    }
    const std::uint64_t spoolBytes = spool.path.empty() ? 0 : input.size;
    m_worker.submit(
        [this, &parser, input = std::move(input), ctx = std::move(ctx), spool]() mutable {
            AlongsideSink sink(m_writer, m_sourceId, ctx.host, m_options.limits.maxBlobBytes, m_errors);
            std::vector<std::uint8_t> head;
            auto file = FileStream::open(input.localPath);
            auto read = file ? readHead(**file) : Result<std::vector<std::uint8_t>>(file.error());
            if (read) {
                head = std::move(*read);
                input.head = ByteView(head);
                parseInto(parser, input, sink, ctx);
            } else {
                sink.addError(input.objectId, input.path, std::nullopt,
                              std::string(parser.info().id) + " parser: cannot read the item again: " +
                                  read.error().message,
                              ErrorSeverity::Error);
            }
            m_spool.release(spool);
        },
        spoolBytes);
}

void SourceIngest::walkArchive(const std::string &localPath, ObjectId archiveId, const std::string &archivePath,
                               const std::string &name, int depth, CollectionLayout *layout) {
    if (depth > m_options.limits.maxNestingDepth) {
        addError(archiveId, archivePath, std::nullopt,
                 "archive nesting depth limit (" + std::to_string(m_options.limits.maxNestingDepth) +
                     ") reached: stored as a file, not expanded",
                 ErrorSeverity::Error);
        return;
    }
    auto reader = ArchiveReader::open(localPath, name, m_options.passwords, m_options.limits, m_stop);
    if (!reader) {
        addError(archiveId, archivePath, std::nullopt, reader.error().message, ErrorSeverity::Error);
        return;
    }
    ContainerCounts counts{archiveId};
    // A collection layout (Velociraptor, KAPE), probed before the archive's own object was stored.
    if (layout)
        layout->begin(archiveId, archivePath, *this);
    for (;;) {
        if (m_writeFailed.load(std::memory_order_acquire))
            break;
        auto next = (*reader)->next();
        if (!next) {
            if (next.error().code != ErrorCode::Stopped)
                addError(archiveId, archivePath, std::nullopt, next.error().message, ErrorSeverity::Error);
            break;
        }
        if (!*next)
            break;
        const ArchiveEntryInfo &entry = **next;
        if (entry.type == EntryType::Directory)
            continue;
        ++counts.seen;
        const std::string path = archivePath + "!/" + entry.path.path;
        if (entry.path.escaped || entry.path.absolute)
            addError(archiveId, path, std::nullopt,
                     "entry name '" + entry.rawPath + "' " +
                         (entry.path.escaped ? "climbs out of the archive with '..'" : "is an absolute path") +
                         "; kept inside the case as '" + entry.path.path + "'",
                     ErrorSeverity::Warning);
        if (entry.type != EntryType::File) {
            storeLink(leafName(entry.path.path), path, entry.symlinkTarget, archiveId,
                      entry.type == EntryType::Symlink ? "symlink" : "special");
            ++counts.stored;
            continue;
        }
        ItemMeta meta;
        meta.name = leafName(entry.path.path);
        meta.path = path;
        meta.attributes.push_back(Attribute::ofText("time_origin", "archive entry"));
        if (entry.rawPath != entry.path.path)
            meta.attributes.push_back(Attribute::ofText("archive_entry_name", entry.rawPath));
        if (entry.encrypted)
            meta.attributes.push_back(Attribute::ofInt("encrypted_entry", 1));
        if (entry.modified)
            meta.times.push_back({"Archive Entry Modified", *entry.modified});
        if (entry.accessed)
            meta.times.push_back({"Archive Entry Accessed", *entry.accessed});
        if (entry.changed)
            meta.times.push_back({"Archive Entry Changed", *entry.changed});
        if (entry.created)
            meta.times.push_back({"Archive Entry Created", *entry.created});
        const std::uint64_t failedBefore = counts.failed;
        if (layout)
            layout->describe(entry.path.path, meta);
        const auto outcome = processItem((*reader)->data(), std::move(meta), archiveId, counts, depth);
        if (layout)
            layout->stored(entry.path.path, outcome, *this);
        if (counts.failed > failedBefore && entry.encrypted)
            addError(archiveId, path, std::nullopt,
                     "entry is encrypted: give its password with --password (tried " +
                         std::to_string(m_options.passwords.size()) + ")",
                     ErrorSeverity::Warning);
        if ((*reader)->fatal()) {
            addError(archiveId, archivePath, std::nullopt,
                     "stopped reading this archive: " + (*reader)->fatal()->message, ErrorSeverity::Error);
            break;
        }
        if (counts.seen % kCountsEvery == 0)
            setCounts(counts);
    }
    if (layout)
        layout->finish(*this);
    setCounts(counts);
}

}  // namespace harrier::ingest
