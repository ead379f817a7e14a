#pragma once
/// Reading an objects row, shared by casestore's queries. Private to casestore.

#include "casestore/records.h"
#include "casestore/sqlite_util.h"

namespace harrier::casestore {

/// Columns in this order (with or without a table alias): id, parent_id,
/// source_id, kind, name, path, size, md5, sha1, sha256, blob_sha256,
/// mime_type, file_type.
inline ObjectRecord readObject(const Statement &st) {
    ObjectRecord o;
    o.id = st.int64(0);
    o.parentId = st.optionalInt(1).value_or(0);
    o.sourceId = st.optionalInt(2).value_or(0);
    o.kind = st.text(3);
    o.name = st.text(4);
    o.path = st.text(5);
    o.size = st.optionalInt(6);
    o.md5 = st.text(7);
    o.sha1 = st.text(8);
    o.sha256 = st.text(9);
    o.blobSha256 = st.text(10);
    o.mimeType = st.text(11);
    o.fileType = st.text(12);
    return o;
}

}  // namespace harrier::casestore
