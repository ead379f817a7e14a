#pragma once
#include <string>

namespace harrier {
/// Random (version 4) UUID, lowercase: ids that two analysts can create
/// independently on their own copies of a case without clashing.
std::string newUuid();
}  // namespace harrier
