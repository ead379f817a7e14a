#include "mail_floor_attachments.h"

#include <archive.h>
#include <archive_entry.h>
extern "C" {
#include <ytnef.h>
}

#include <algorithm>
#include <string>
#include <vector>

namespace mail_floor {

ArchiveFacts expandArchive(std::string_view data, bool readEntries, const FoundFile &found) {
    ArchiveFacts facts;
    archive *a = archive_read_new();
    archive_read_support_format_all(a);
    archive_read_support_filter_all(a);
    archive_read_add_passphrase(a, "infected");
    if (archive_read_open_memory(a, data.data(), data.size()) != ARCHIVE_OK) {
        archive_read_free(a);
        return facts;
    }
    facts.opened = true;
    std::vector<char> buffer;
    archive_entry *entry = nullptr;
    int r = ARCHIVE_OK;
    for (int n = 0; n < 100000 && (r = archive_read_next_header(a, &entry)) == ARCHIVE_OK; ++n) {
        facts.encrypted |= archive_entry_is_encrypted(entry) != 0;
        const char *path = archive_entry_pathname(entry);
        const std::string_view name = path ? path : "";
        if (name.size() >= 14) {
            std::string tail(name.substr(name.size() - 14));
            std::transform(tail.begin(), tail.end(), tail.begin(), [](unsigned char c) { return std::tolower(c); });
            facts.vbaProject |= tail == "vbaproject.bin";
        }
        if (!readEntries || archive_entry_filetype(entry) != AE_IFREG) {
            archive_read_data_skip(a);
            continue;
        }
        buffer.resize(static_cast<std::size_t>(std::clamp<la_int64_t>(archive_entry_size(entry), 0, kMaxEntryBytes)));
        std::size_t got = 0;
        for (;;) {
            if (got == buffer.size())
                buffer.resize(std::min(kMaxEntryBytes, std::max<std::size_t>(buffer.size() * 2, 65536)));
            if (got == buffer.size())
                break;
            const la_ssize_t read = archive_read_data(a, buffer.data() + got, buffer.size() - got);
            if (read <= 0)
                break;
            got += static_cast<std::size_t>(read);
        }
        found(name, archive_entry_mtime_is_set(entry) ? archive_entry_mtime(entry) : 0,
              std::string_view(buffer.data(), got));
    }
    facts.encrypted |= archive_read_has_encrypted_entries(a) > 0;
    archive_read_free(a);
    return facts;
}

bool oleHasVbaProject(std::string_view data) {
    static const std::string_view name("_\0V\0B\0A\0_\0P\0R\0O\0J\0E\0C\0T\0", 24);
    return data.size() > 512 && std::search(data.begin() + 512, data.end(), name.begin(), name.end()) != data.end();
}

void tnefAttachments(std::string_view data, const FoundFile &found) {
    TNEFStruct tnef;
    TNEFInitialize(&tnef);
    tnef.Debug = 0;
    std::vector<BYTE> copy(data.begin(), data.end());  // libytnef wants a mutable buffer
    TNEFParseMemory(copy.data(), static_cast<long>(copy.size()), &tnef);
    for (Attachment *att = tnef.starting_attach.next; att; att = att->next) {
        const char *title = att->Title.data ? reinterpret_cast<const char *>(att->Title.data) : "";
        if (att->FileData.data && att->FileData.size > 0)
            found(title, 0, std::string_view(reinterpret_cast<const char *>(att->FileData.data), att->FileData.size));
    }
    TNEFFree(&tnef);
}

}  // namespace mail_floor
