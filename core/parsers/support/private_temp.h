#pragma once
/// A private temporary directory (0700) for copies of evidence that a
/// library must open by name and may write beside (SQLite -shm, checkpoints),
/// so evidence itself is never opened for writing. Removed on destruction.

#include <string>

#include "base/byte_view.h"
#include "base/result.h"

namespace harrier::parsers::support {

class PrivateTempDir {
public:
    static Result<PrivateTempDir> create();
    PrivateTempDir(PrivateTempDir &&other) noexcept;
    PrivateTempDir &operator=(PrivateTempDir &&other) noexcept;
    PrivateTempDir(const PrivateTempDir &) = delete;
    PrivateTempDir &operator=(const PrivateTempDir &) = delete;
    ~PrivateTempDir();

    const std::string &path() const { return m_path; }
    /// Copies `from` to `<dir>/<name>`; returns the new path.
    Result<std::string> copyIn(const std::string &from, const std::string &name) const;
    /// Writes bytes to `<dir>/<name>`; returns the new path.
    Result<std::string> writeFile(const std::string &name, ByteView bytes) const;

private:
    PrivateTempDir() = default;
    std::string m_path;
};

}  // namespace harrier::parsers::support
