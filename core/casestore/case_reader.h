#pragma once
/// Read-side queries over a case: sources and their reconciliation, object
/// details, ingest errors, blobs, summary statistics.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "casestore/records.h"

namespace harrier::casestore {

class CaseDb;

struct SourceSummary {
    SourceRecord source;
    ContainerCounts counts;          ///< the source's own items
    ContainerCounts totals;          ///< summed over every container in the source
    std::uint64_t errorCount = 0;
    std::uint64_t warningCount = 0;
    bool interrupted = false;        ///< marked running, but no process holds the case
};

struct CaseStats {
    std::uint64_t objects = 0;
    std::map<std::string, std::uint64_t> objectsByKind;
    std::uint64_t events = 0;
    std::uint64_t ingestErrors = 0;
    std::uint64_t ingestWarnings = 0;
    std::uint64_t blobs = 0;
    std::uint64_t blobBytesStored = 0;
    std::uint64_t hits = 0;
    std::uint64_t observables = 0;
    std::optional<UtcTime> firstEvent, lastEvent;
};

class CaseReader {
public:
    explicit CaseReader(const CaseDb &db) : m_db(db) {}

    Result<std::vector<SourceSummary>> sources() const;
    Result<CaseStats> stats() const;
    Result<ObjectRecord> object(ObjectId id) const;
    Result<std::vector<ObjectRecord>> children(ObjectId parent) const;
    /// Every container (object with reconciliation counts) of a source.
    Result<std::vector<ContainerCounts>> containers(ObjectId sourceId) const;
    Result<std::vector<IngestError>> errors(ObjectId sourceId = 0) const;
    /// All objects of a source, in id order (for exports and tests).
    Result<std::vector<ObjectRecord>> objectsOfSource(ObjectId sourceId, const std::string &kind = {}) const;
    /// Decompressed content of a stored blob.
    Result<std::vector<std::uint8_t>> blob(const std::string &sha256) const;

private:
    const CaseDb &m_db;
};

}  // namespace harrier::casestore
