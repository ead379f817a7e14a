#pragma once
/// The provenance tree as the GUI's evidence tree walks it: one level at a
/// time, in pages (a collection holds 10^4-10^5 items under one container),
/// with folders derived from the children's paths (archive entries and files
/// of a folder source are stored flat under their container).

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "casestore/records.h"

namespace harrier::casestore {

class CaseDb;

struct TreeItem {
    ObjectId id = 0;
    std::string kind;
    std::string name;
    std::int64_t size = -1;     ///< -1 unknown
    bool hasChildren = false;
    int maxSeverity = -1;       ///< highest hit on the object; -1 none
};

struct TreeFolder {
    std::string name;           ///< one path segment
    std::uint64_t items = 0;    ///< items anywhere below it under the same container
};

class ObjectTree {
public:
    explicit ObjectTree(const CaseDb &db) : m_db(db) {}

    /// Folder segments directly below `folder` ("" = the container's top)
    /// among the container's children, sorted by name.
    Result<std::vector<TreeFolder>> folders(ObjectId container, const std::string &folder) const;
    /// Children of `container` that sit directly in `folder`, id order,
    /// strictly after `afterId`, at most `limit`.
    Result<std::vector<TreeItem>> items(ObjectId container, const std::string &folder, ObjectId afterId,
                                        int limit) const;
    /// The chain from the evidence source down to the object (inclusive).
    Result<std::vector<ObjectRecord>> ancestry(ObjectId id) const;

private:
    const CaseDb &m_db;
};

}  // namespace harrier::casestore
