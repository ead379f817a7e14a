#pragma once
/// Archive entry names are attacker-controlled. Harrier never writes an
/// entry to disk under its own name (content goes to generated spool names),
/// so zip-slip cannot happen; this still normalises names for display and
/// records when one tried to leave the archive root.

#include <string>
#include <string_view>

namespace harrier::ingest {

struct EntryPath {
    std::string path;       ///< relative, '/'-separated, no '.' or '..'
    bool escaped = false;   ///< had '..' climbing above the root
    bool absolute = false;  ///< began with '/', '\\' or a drive letter
};

EntryPath sanitizeEntryPath(std::string_view raw);

}  // namespace harrier::ingest
