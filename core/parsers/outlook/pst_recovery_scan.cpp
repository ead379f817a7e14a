#include "parsers/outlook/pst_recovery_scan.h"

#include "parsers/outlook/pff_name_map_cache.h"

namespace harrier::parsers::outlook {

PstRecoveryScan::PstRecoveryScan(const std::string &path, std::stop_token stop) {
    libpff_error_t *e = nullptr;
    if (libpff_file_initialize(&m_file, &e) != 1) {
        libpff_error_free(&e);
        m_file = nullptr;
        return;
    }
    if (openPffFile(m_file, path.c_str(), &e) != 1) {
        libpff_error_free(&e);
        libpff_file_free(&m_file, nullptr);
        m_file = nullptr;
        return;
    }
    m_thread = std::jthread([this, stop = std::move(stop)] {
        // A stop (or the destructor's) makes libpff leave the scan early.
        std::stop_callback abortOnStop(stop, [this] { libpff_file_signal_abort(m_file, nullptr); });
        m_result = libpff_file_recover_items(m_file, 0, &m_error);
    });
}

PstRecoveryScan::~PstRecoveryScan() {
    if (m_thread.joinable()) {
        if (m_file)
            libpff_file_signal_abort(m_file, nullptr);
        m_thread.join();
    }
    if (m_error)
        libpff_error_free(&m_error);
    closePffFile(m_file);  // on this thread: its name lookups are the ones to forget
}

int PstRecoveryScan::wait(libpff_error_t *&error) {
    if (m_thread.joinable())
        m_thread.join();
    error = m_error;
    m_error = nullptr;
    return m_result;
}

}  // namespace harrier::parsers::outlook
