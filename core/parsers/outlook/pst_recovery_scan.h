#pragma once
/// libpff_file_recover_items scans the whole file for deleted item
/// descriptors and data blocks: about a tenth of a PST's ingest, and
/// independent of the folder walk. It runs on a second libpff handle on its
/// own thread while the walk reads the first handle, so on two cores it costs
/// the walk nothing. Most recovered "items" are folders and tables (31 of 34
/// in the corpus' largest PST), which the reader skips after reading their
/// property table to learn their type; the thread reads those too and marks
/// them. The rest are read from the second handle by the walk's thread after
/// wait() (a libpff handle is not safe to share, so never both at once).

#include <libpff.h>

#include "parsers/outlook/pff_file.h"

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace harrier::parsers::outlook {

class PstRecoveryScan {
public:
    /// Opens `path` again (from `bytes` when given) and starts the scan; without a second handle
    /// (open failed), file() is null and nothing runs. `isItem` says which
    /// libpff item types the reader stores.
    PstRecoveryScan(const std::string &path, PstBytes bytes, std::stop_token stop,
                    std::function<bool(std::uint8_t)> isItem);
    /// Aborts a scan still running and closes the handle.
    ~PstRecoveryScan();
    PstRecoveryScan(const PstRecoveryScan &) = delete;
    PstRecoveryScan &operator=(const PstRecoveryScan &) = delete;

    libpff_file_t *file() const { return m_file.get(); }
    /// Waits for the scan: 1 when libpff recovered (maybe zero items), else
    /// -1 with the error in `error` (the caller formats and frees it).
    int wait(libpff_error_t *&error);
    /// After wait(): true when recovered item `index` was read and is not an
    /// item (a folder or table), so the reader need not read it again.
    bool skippable(int index) const {
        return index >= 0 && static_cast<std::size_t>(index) < m_skippable.size() && m_skippable[index];
    }

private:
    PffFile m_file;
    int m_result = -1;
    libpff_error_t *m_error = nullptr;
    std::vector<bool> m_skippable;
    std::jthread m_thread;
};

}  // namespace harrier::parsers::outlook
