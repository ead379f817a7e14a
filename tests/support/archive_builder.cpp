#include "support/archive_builder.h"

#include <archive.h>
#include <archive_entry.h>

#include <QtGlobal>

#include <fstream>
#include <sstream>

namespace harrier::test {

void writeArchive(const std::string &path, ArchiveKind kind, const std::vector<ArchiveEntry> &entries,
                  const std::string &password) {
    struct archive *a = archive_write_new();
    switch (kind) {
    case ArchiveKind::Zip: archive_write_set_format_zip(a); break;
    case ArchiveKind::Tar: archive_write_set_format_pax_restricted(a); break;
    case ArchiveKind::TarGz:
        archive_write_set_format_pax_restricted(a);
        archive_write_add_filter_gzip(a);
        break;
    case ArchiveKind::SevenZip: archive_write_set_format_7zip(a); break;
    }
    if (!password.empty()) {
        archive_write_set_options(a, "zip:encryption=aes256");
        archive_write_set_passphrase(a, password.c_str());
    }
    if (archive_write_open_filename(a, path.c_str()) != ARCHIVE_OK)
        qFatal("archive_write_open_filename: %s", archive_error_string(a));
    for (const auto &e : entries) {
        struct archive_entry *entry = archive_entry_new();
        archive_entry_set_pathname(entry, e.name.c_str());
        archive_entry_set_size(entry, static_cast<la_int64_t>(e.content.size()));
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_entry_set_mtime(entry, e.mtime, 0);
        if (archive_write_header(a, entry) != ARCHIVE_OK)
            qFatal("archive_write_header: %s", archive_error_string(a));
        if (!e.content.empty() &&
            archive_write_data(a, e.content.data(), e.content.size()) != static_cast<la_ssize_t>(e.content.size()))
            qFatal("archive_write_data: %s", archive_error_string(a));
        archive_entry_free(entry);
    }
    archive_write_close(a);
    archive_write_free(a);
}

std::string readAll(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace harrier::test
