#pragma once
/// The `filetype` external as LOKI computes it: the label of the first
/// magic-byte signature (in LOKI's order) that the content starts with, or
/// "UNKNOWN". Rules in LOKI/THOR packs compare against these labels
/// ("EXE", "ZIP", "JPEG", ...), so the labels and their precedence must
/// match LOKI's, quirks included (e.g. "<%@" is "JSP" because "<%" comes first).

#include <cstddef>
#include <string>
#include <string_view>

#include "base/byte_view.h"

namespace harrier::rules::yara {

/// Bytes of content the longest signature needs.
std::size_t lokiFileTypeHeadSize();
std::string lokiFileType(ByteView head);

}  // namespace harrier::rules::yara
