#pragma once
/// libpff_file_recover_items scans the whole file for deleted item
/// descriptors and data blocks: about a tenth of a PST's ingest, and
/// independent of the folder walk. It runs on a second libpff handle on its
/// own thread while the walk reads the first handle, so on two cores it costs
/// the walk nothing. Only the scan runs there: a libpff handle is not safe to
/// share, so the recovered items are read from the second handle by the
/// walk's thread after wait().

#include <libpff.h>

#include <stop_token>
#include <string>
#include <thread>

namespace harrier::parsers::outlook {

class PstRecoveryScan {
public:
    /// Opens `path` again and starts the scan; without a second handle
    /// (open failed), file() is null and nothing runs.
    PstRecoveryScan(const std::string &path, std::stop_token stop);
    /// Aborts a scan still running and closes the handle.
    ~PstRecoveryScan();
    PstRecoveryScan(const PstRecoveryScan &) = delete;
    PstRecoveryScan &operator=(const PstRecoveryScan &) = delete;

    libpff_file_t *file() const { return m_file; }
    /// Waits for the scan: 1 when libpff recovered (maybe zero items), else
    /// -1 with the error in `error` (the caller formats and frees it).
    int wait(libpff_error_t *&error);

private:
    libpff_file_t *m_file = nullptr;
    int m_result = -1;
    libpff_error_t *m_error = nullptr;
    std::jthread m_thread;
};

}  // namespace harrier::parsers::outlook
