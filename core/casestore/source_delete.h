#pragma once
/// Removes one evidence source and everything that came from it, in one
/// transaction: the GUI's "Cancel" on an ingest rolls back with this (Stop,
/// in contrast, keeps what was stored and marks the source partial).

#include <cstdint>

#include "base/result.h"
#include "casestore/records.h"

namespace harrier::casestore {

class CaseDb;

struct SourceDeletion {
    std::uint64_t objects = 0;
    std::uint64_t events = 0;
    std::uint64_t hits = 0;
    std::uint64_t annotations = 0;
    std::uint64_t blobs = 0;  ///< blobs no other object referenced any more
};

/// Deletes the source's objects, attributes, events, observable links,
/// reconciliation rows, ingest errors, hits and annotations on them, the
/// source row, and blobs left unreferenced. All or nothing. Audited.
Result<SourceDeletion> deleteSource(CaseDb &db, ObjectId sourceId);

}  // namespace harrier::casestore
