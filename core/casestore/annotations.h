#pragma once
/// Analyst annotations: tags, notes, bookmarks and verdicts on any object
/// or event, each with a UUID, the analyst and the time, so they can travel
/// between copies of a case and merge without duplicates.

#include <string>
#include <vector>

#include "base/result.h"
#include "casestore/records.h"

namespace harrier::casestore {

class CaseDb;

enum class TargetKind { Object, Event };
enum class AnnotationKind { Tag, Note, Bookmark, Verdict };

struct Annotation {
    std::string uuid;
    TargetKind targetKind = TargetKind::Object;
    std::int64_t targetId = 0;
    AnnotationKind kind = AnnotationKind::Tag;
    std::string value;  ///< tag name, note text, verdict; "" for a bookmark
    std::string analyst;
    UtcTime createdAt;
};

const char *toString(AnnotationKind kind);
const char *toString(TargetKind kind);

class AnnotationStore {
public:
    explicit AnnotationStore(CaseDb &db) : m_db(db) {}

    /// Adds one annotation by the case's current analyst; returns it.
    /// Verdicts must be "malicious", "suspicious" or "benign".
    Result<Annotation> add(TargetKind target, std::int64_t targetId, AnnotationKind kind, std::string value);
    Result<std::vector<Annotation>> forTarget(TargetKind target, std::int64_t targetId) const;
    Result<std::vector<Annotation>> all() const;

private:
    CaseDb &m_db;
};

}  // namespace harrier::casestore
