#pragma once
/// Look-alike domains: a skeleton in the spirit of Unicode TR39 (each
/// character mapped to the one it is commonly confused with, for the Latin,
/// Cyrillic and Greek letters phishers use, plus the ASCII tricks rn/m,
/// vv/w, 0/o, 1/l), and an edit distance for typo-squats.

#include <string>
#include <string_view>

namespace harrier::rules::analyzers {

/// Skeleton of a UTF-8 domain name: lowercase, confusables folded to ASCII.
/// Two names with the same skeleton look the same to a reader.
std::string confusableSkeleton(std::string_view utf8);
/// True when the name uses Cyrillic or Greek letters that pass for Latin
/// ones: an accented Latin IDN ("università") is a real name, a Cyrillic
/// "а" among Latin letters exists to be misread.
bool hasForeignLookalikes(std::string_view utf8);
/// Optimal-string-alignment distance (insert, delete, substitute, swap of
/// neighbours) on bytes, stopping early once it exceeds `limit`.
int editDistance(std::string_view a, std::string_view b, int limit = 3);

}  // namespace harrier::rules::analyzers
