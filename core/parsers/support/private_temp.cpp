#include "private_temp.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace harrier::parsers::support {

namespace fs = std::filesystem;

Result<PrivateTempDir> PrivateTempDir::create() {
    std::error_code ec;
    fs::path base = fs::temp_directory_path(ec);
    if (ec)
        base = "/tmp";
    std::string pattern = (base / "harrier-parse-XXXXXX").string();
    // mkdtemp creates the directory 0700: other users cannot read the evidence copy.
    if (!::mkdtemp(pattern.data()))
        return makeError(ErrorCode::Io, "cannot create a private temporary directory under " + base.string());
    PrivateTempDir dir;
    dir.m_path = pattern;
    return dir;
}

PrivateTempDir::PrivateTempDir(PrivateTempDir &&other) noexcept : m_path(std::move(other.m_path)) {
    other.m_path.clear();
}

PrivateTempDir &PrivateTempDir::operator=(PrivateTempDir &&other) noexcept {
    if (this != &other) {
        std::error_code ec;
        if (!m_path.empty())
            fs::remove_all(m_path, ec);
        m_path = std::move(other.m_path);
        other.m_path.clear();
    }
    return *this;
}

PrivateTempDir::~PrivateTempDir() {
    if (!m_path.empty()) {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
}

Result<std::string> PrivateTempDir::copyIn(const std::string &from, const std::string &name) const {
    const fs::path to = fs::path(m_path) / name;
    std::error_code ec;
    fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
    if (ec)
        return makeError(ErrorCode::Io, "cannot copy " + from + " to a private temporary file: " + ec.message());
    // The copy keeps the evidence's read-only mode; SQLite may need to write its -shm beside it.
    fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
    return to.string();
}

Result<std::string> PrivateTempDir::writeFile(const std::string &name, ByteView bytes) const {
    const fs::path to = fs::path(m_path) / name;
    std::ofstream out(to, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out)
        return makeError(ErrorCode::Io, "cannot write private temporary file " + to.string());
    return to.string();
}

}  // namespace harrier::parsers::support
