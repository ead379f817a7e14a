#pragma once
/// Brings a colleague's annotations (and rule hits) from their copy of a case
/// into mine. Rows carry UUIDs, so merging is a set union: nothing is
/// duplicated and merging the same copy twice changes nothing. Conflicting
/// verdicts (same item, different values) are all kept, each attributed to
/// its analyst, and listed.

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "casestore/annotations.h"

namespace harrier::casestore {

class CaseDb;

struct VerdictConflict {
    TargetKind targetKind = TargetKind::Object;
    std::int64_t targetId = 0;
    std::vector<Annotation> verdicts;  ///< every verdict on the item, oldest first
};

struct MergeReport {
    std::string theirsPath;
    std::string theirsUuid;
    std::size_t annotationsAdded = 0;
    std::size_t annotationsAlreadyPresent = 0;
    /// Their annotations on items this copy does not have (e.g. merging into
    /// an --only-tagged export); not merged.
    std::size_t annotationsWithoutTarget = 0;
    std::size_t hitsAdded = 0;
    std::size_t hitsAlreadyPresent = 0;
    std::size_t hitsWithoutTarget = 0;
    /// Every item of mine with more than one distinct verdict after the merge.
    std::vector<VerdictConflict> conflicts;
};

class AnnotationMerge {
public:
    explicit AnnotationMerge(CaseDb &mine) : m_mine(mine) {}

    /// Refuses copies of a different case (another case_uuid): annotations
    /// point at items by id, and ids only agree between copies of one case.
    Result<MergeReport> mergeFrom(const std::string &theirsPath, bool ignoreManifest = false);
    /// Items of mine with conflicting verdicts.
    Result<std::vector<VerdictConflict>> conflicts() const;

private:
    CaseDb &m_mine;
};

}  // namespace harrier::casestore
