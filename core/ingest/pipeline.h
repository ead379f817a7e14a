#pragma once
/// Adds evidence to a case: one call per evidence path (a file, an archive,
/// a directory). Runs synchronously on the caller's thread; stop through the
/// token keeps what was done and marks the source partial.

#include <memory>
#include <stop_token>
#include <string>

#include "base/progress.h"
#include "base/result.h"
#include "casestore/case_writer.h"
#include "casestore/records.h"
#include "ingest/parser_registry.h"
#include "ingest/source_ingest.h"

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::ingest {

struct SourceReport {
    casestore::ObjectId sourceId = 0;
    std::string path;
    casestore::SourceStatus status = casestore::SourceStatus::Done;
    std::string reason;
    std::string sha256;  ///< of the container, for a single-file source
    std::uint64_t items = 0;
    std::uint64_t bytes = 0;
    std::uint64_t errors = 0;
    double seconds = 0;
};

class Pipeline {
public:
    static Result<std::unique_ptr<Pipeline>> create(casestore::CaseDb &db, const ParserRegistry &parsers,
                                                    IngestOptions options);
    ~Pipeline();

    Result<SourceReport> ingest(const std::string &path, std::stop_token stop, ProgressSink &progress);
    /// Commits everything and builds deferred indexes. Called by the destructor too.
    Result<void> finish();

private:
    Pipeline(casestore::CaseDb &db, const ParserRegistry &parsers, IngestOptions options)
        : m_db(db), m_parsers(parsers), m_options(std::move(options)) {}

    casestore::CaseDb &m_db;
    const ParserRegistry &m_parsers;
    IngestOptions m_options;
    std::unique_ptr<casestore::CaseWriter> m_writer;
};

}  // namespace harrier::ingest
