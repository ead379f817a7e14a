#pragma once
/// Builds real archives for tests with libarchive's writer, including the
/// hostile ones (entry names with '..', absolute paths, bombs, deep nesting).

#include <string>
#include <vector>

namespace harrier::test {

struct ArchiveEntry {
    std::string name;
    std::string content;
    long long mtime = 1700000000;  ///< seconds since the epoch
};

enum class ArchiveKind { Zip, Tar, TarGz, SevenZip };

/// Writes the archive; with a password (zip only) entries are AES-256 encrypted.
void writeArchive(const std::string &path, ArchiveKind kind, const std::vector<ArchiveEntry> &entries,
                  const std::string &password = {});
/// Reads a whole file.
std::string readAll(const std::string &path);

}  // namespace harrier::test
