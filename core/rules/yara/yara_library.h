#pragma once
/// libyara's process-wide state: yr_initialize once, yr_finalize at exit.

#include "base/result.h"

namespace harrier::rules::yara {

/// Initialises libyara on first call (thread-safe); later calls are free.
/// The library is finalised when the process exits.
Result<void> ensureYaraInitialized();

/// "4.2.3": part of the cache key, since compiled rules are version-bound.
const char *yaraVersion();

}  // namespace harrier::rules::yara
