#pragma once
/// File type identification through libmagic, from the first bytes only.

#include <string>

#include "base/byte_view.h"

namespace harrier::ingest {

struct FileType {
    std::string mimeType;     ///< "application/zip"
    std::string description;  ///< "Zip archive data, at least v2.0 to extract"
};

/// Thread-safe: each thread keeps its own libmagic handles.
FileType identifyFileType(ByteView head);

}  // namespace harrier::ingest
