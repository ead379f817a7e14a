#pragma once
// The floor's look inside attachments (mail_floor.h), by the libraries the
// project uses for it: libarchive for archives (entries read, as the ingest
// pipeline expands them, with the common password "infected" offered) and
// libytnef for TNEF. The OLE macro check is one byte search.

#include <cstddef>
#include <functional>
#include <string_view>

namespace mail_floor {

/// A file found inside an attachment: its name, modification time (Unix
/// seconds, or 0) and bytes.
using FoundFile = std::function<void(std::string_view name, long long mtime, std::string_view data)>;

struct ArchiveFacts {
    bool opened = false;      ///< libarchive recognised and listed it
    bool encrypted = false;   ///< an entry (or the headers) is encrypted
    bool vbaProject = false;  ///< an entry named vbaProject.bin (OOXML with macros)
};

/// Lists the archive in `data`; with `readEntries`, each regular entry's
/// bytes (up to kMaxEntryBytes) go to `found`. Stops after 100,000 entries.
ArchiveFacts expandArchive(std::string_view data, bool readEntries, const FoundFile &found);
inline constexpr std::size_t kMaxEntryBytes = 64u << 20;

/// Whether an OLE compound file names a VBA project (the UTF-16LE
/// "_VBA_PROJECT" of its directory).
bool oleHasVbaProject(std::string_view data);

/// The attachments of a TNEF stream (winmail.dat), each to `found`.
void tnefAttachments(std::string_view data, const FoundFile &found);

}  // namespace mail_floor
