#include "parsers/outlook/pff_name_map_cache.h"

#include <dlfcn.h>

#include <atomic>
#include <cstring>
#include <unordered_map>

namespace harrier::parsers::outlook {

namespace {

// libpff_name_to_id_map_entry_get_entry_by_identifier(libcdata_list_t *map,
// uint32_t identifier, libpff_internal_name_to_id_map_entry_t **entry,
// libcerror_error_t **error): 1 found, 0 not found (entry set to null), -1 error.
using LookupFn = int (*)(void *, std::uint32_t, void **, void **);

LookupFn realLookup() {
    static const LookupFn fn = reinterpret_cast<LookupFn>(
        dlsym(RTLD_NEXT, "libpff_name_to_id_map_entry_get_entry_by_identifier"));
    return fn;
}

std::atomic<bool> g_enabled{true};

bool memoisable() {
    // The version whose lookup was read and found pure (libyal/libpff
    // libpff_name_to_id_map.c); a different one might not be.
    static const bool ok = std::strcmp(libpff_get_version(), "20180714") == 0;
    return ok && g_enabled.load(std::memory_order_relaxed);
}

struct Key {
    void *map;
    std::uint32_t identifier;
    bool operator==(const Key &) const = default;
};
struct KeyHash {
    std::size_t operator()(const Key &k) const noexcept {
        return std::hash<void *>()(k.map) ^ (static_cast<std::size_t>(k.identifier) * 0x9E3779B97F4A7C15ull);
    }
};
struct Answer {
    int result;
    void *entry;
};

struct Memo {
    std::unordered_map<Key, Answer, KeyHash> answers;
    PffNameLookupStats stats;
};
thread_local Memo t_memo;

void forget() { t_memo.answers.clear(); }

}  // namespace

void forgetPffNameAnswers() { forget(); }

void setPffNameMemo(bool enabled) {
    g_enabled = enabled;
    forget();
}

PffNameLookupStats pffNameLookupStats() {
    PffNameLookupStats s = t_memo.stats;
    s.memoised = memoisable();
    return s;
}

}  // namespace harrier::parsers::outlook

using harrier::parsers::outlook::t_memo;

/// libpff's own lookup, replaced for the whole process (see the header).
extern "C" __attribute__((visibility("default"))) int
libpff_name_to_id_map_entry_get_entry_by_identifier(void *map, std::uint32_t identifier, void **entry, void **error) {
    using namespace harrier::parsers::outlook;
    const LookupFn real = realLookup();
    if (!real)
        return -1;  // unreachable: libpff calls this only because it defines it
    ++t_memo.stats.calls;
    if (!entry || !map || !memoisable()) {
        ++t_memo.stats.walks;
        return real(map, identifier, entry, error);
    }
    const Key key{map, identifier};
    if (auto it = t_memo.answers.find(key); it != t_memo.answers.end()) {
        *entry = it->second.entry;
        return it->second.result;
    }
    ++t_memo.stats.walks;
    const int result = real(map, identifier, entry, error);
    if (result >= 0)  // errors are not answers: the next call tries again
        t_memo.answers.emplace(key, Answer{result, *entry});
    return result;
}
