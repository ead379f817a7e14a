#include "ingest/pipeline.h"

#include <chrono>
#include <filesystem>

#include "base/logging.h"
#include "base/uuid.h"
#include "casestore/case_db.h"

namespace harrier::ingest {

namespace fs = std::filesystem;
using casestore::SourceStatus;

Result<std::unique_ptr<Pipeline>> Pipeline::create(casestore::CaseDb &db, const ParserRegistry &parsers,
                                                   IngestOptions options) {
    std::unique_ptr<Pipeline> p(new Pipeline(db, parsers, std::move(options)));
    auto writer = casestore::CaseWriter::start(db);
    if (!writer)
        return writer.error();
    p->m_writer = std::move(*writer);
    return p;
}

Pipeline::~Pipeline() { (void)finish(); }

Result<void> Pipeline::finish() {
    if (!m_writer)
        return {};
    auto r = m_writer->close();
    m_writer.reset();
    return r;
}

Result<SourceReport> Pipeline::ingest(const std::string &path, std::stop_token stop, ProgressSink &progress) {
    if (!m_writer)
        return makeError(ErrorCode::Internal, "pipeline already finished");
    std::error_code ec;
    const fs::path evidence = fs::absolute(path, ec);
    const auto status = fs::status(evidence, ec);
    if (ec || !fs::exists(status))
        return makeError(ErrorCode::NotFound, "no evidence at " + path);
    const bool isDir = fs::is_directory(status);
    if (!isDir && !fs::is_regular_file(status))
        return makeError(ErrorCode::InvalidInput, path + " is neither a file nor a directory");

    const auto started = std::chrono::steady_clock::now();
    SourceReport report;
    report.path = evidence.string();
    report.sourceId = m_writer->allocateObjectId();

    casestore::ObjectRecord object;
    object.id = report.sourceId;
    object.sourceId = report.sourceId;
    object.kind = "source";
    object.name = evidence.filename().string();
    object.path = "";
    casestore::SourceRecord source;
    source.id = report.sourceId;
    source.uuid = newUuid();
    source.displayName = object.name;
    source.originalPath = report.path;
    source.kind = isDir ? "directory" : "file";
    source.addedBy = m_db.analyst();
    source.addedAt = UtcTime::now();
    source.status = SourceStatus::Running;
    if (auto r = m_writer->put(std::move(object)); !r)
        return r.error();
    if (auto r = m_writer->put(std::move(source)); !r)
        return r.error();
    // The source exists before any item does, so a kill at any point leaves it visible.
    if (auto r = m_writer->flush(); !r)
        return r.error();
    (void)m_db.audit("source.add", report.path);

    SourceIngest job(*m_writer, m_parsers, m_options, report.sourceId, m_db.path() + ".spool", stop, progress);
    SourceIngest::ItemOutcome top;
    if (isDir)
        job.walkDirectory(report.path);
    else
        top = job.ingestFile(report.path);

    casestore::SourceStatusUpdate update;
    update.sourceId = report.sourceId;
    update.finishedAt = UtcTime::now();
    if (!isDir && top.id) {
        update.size = static_cast<std::int64_t>(top.size);
        update.sha256 = top.sha256;
    }
    if (const auto writeError = job.writeError()) {
        update.status = SourceStatus::Partial;
        update.reason = "case write failed: " + writeError->message;
    } else if (job.stopped()) {
        update.status = SourceStatus::Partial;
        update.reason = "stopped by the analyst; what was read before the stop is kept";
    } else if (job.storedCount() == 0 && job.errorCount() > 0) {
        update.status = SourceStatus::Failed;
        update.reason = "nothing could be read";
    } else {
        update.status = SourceStatus::Done;
        if (job.errorCount() > 0)
            update.reason = std::to_string(job.errorCount()) + " item error(s) recorded";
    }
    report.status = update.status;
    report.reason = update.reason;
    report.sha256 = update.sha256;
    if (auto r = m_writer->put(std::move(update)); !r)
        return r.error();
    if (auto r = m_writer->flush(); !r)
        return r.error();
    (void)m_db.audit("source.finish", report.path + ": " + casestore::toString(report.status));

    report.items = job.itemsDone();
    report.bytes = job.bytesDone();
    report.errors = job.errorCount();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    logging::get("ingest")->info("{}: {} items, {} bytes, {} errors, {:.2f}s, {}", report.path, report.items,
                                 report.bytes, report.errors, report.seconds, casestore::toString(report.status));
    return report;
}

}  // namespace harrier::ingest
