#pragma once
/// libpff resolves every named property (id >= 0x8000) of every table it
/// reads by walking the file's whole name-to-id map, a linked list of often
/// a thousand or more entries, once per column and per value: on a 3.3 MB PST
/// that was 5,200 walks and 16% of the ingest's instructions. No libpff call
/// reads a table without it, so harrier-cli defines the lookup function
/// itself (libpff calls it through its PLT, so the executable's definition
/// wins) and remembers each answer: the map is read when the file is opened
/// and never changes until it is closed, and the lookup is a pure function of
/// (map, identifier), so a remembered answer is the answer.
///
/// The memo is per thread (a libpff file handle is used by one thread at a
/// time here) and must be forgotten whenever a map may be freed, or a new map
/// at the same address would get the old answers: PST files are opened and
/// closed through PffFile (pff_file.h), which does that. Only libpff 20180714
/// (Debian 12), whose lookup was read for this, is memoised; any other
/// version is passed straight through.

#include <libpff.h>

#include <cstdint>

namespace harrier::parsers::outlook {

/// Forgets this thread's answers: PffFile calls it whenever a map may have
/// been freed (open, failed open, close).
void forgetPffNameAnswers();

struct PffNameLookupStats {
    std::uint64_t calls = 0;   ///< lookups libpff made on this thread
    std::uint64_t walks = 0;   ///< of them answered by libpff's own list walk
    bool memoised = false;     ///< false: pass-through (another libpff version)
};
/// This thread's counts since it started (tests check the memo is in use).
PffNameLookupStats pffNameLookupStats();
/// On by default; tests turn it off to compare with libpff's own walks.
void setPffNameMemo(bool enabled);

}  // namespace harrier::parsers::outlook
