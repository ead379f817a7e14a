#include "parsers/outlook/pst_recovery_scan.h"

namespace harrier::parsers::outlook {

PstRecoveryScan::PstRecoveryScan(const std::string &path, PstBytes bytes, std::stop_token stop,
                                 std::function<bool(std::uint8_t)> isItem) {
    libpff_error_t *e = nullptr;
    if (m_file.open(path, std::move(bytes), &e) != 1) {
        if (e)
            libpff_error_free(&e);
        return;
    }
    m_thread = std::jthread([this, stop = std::move(stop), isItem = std::move(isItem)](std::stop_token own) {
        // A stop (or the destructor's) makes libpff leave the scan early.
        std::stop_callback abortOnStop(stop, [this] { libpff_file_signal_abort(m_file.get(), nullptr); });
        m_result = libpff_file_recover_items(m_file.get(), 0, &m_error);
        int count = 0;
        libpff_error_t *itemError = nullptr;
        if (m_result != 1 || libpff_file_get_number_of_recovered_items(m_file.get(), &count, &itemError) != 1 || count <= 0) {
            if (itemError)
                libpff_error_free(&itemError);
            return;
        }
        m_skippable.assign(static_cast<std::size_t>(count), false);
        for (int i = 0; i < count && !stop.stop_requested() && !own.stop_requested(); ++i) {
            libpff_item_t *item = nullptr;
            std::uint8_t type = LIBPFF_ITEM_TYPE_UNDEFINED;
            if (libpff_file_get_recovered_item_by_index(m_file.get(), i, &item, &itemError) != 1 || !item) {
                if (itemError)
                    libpff_error_free(&itemError);
                continue;  // the reader tries it again and reports it
            }
            if (libpff_item_get_type(item, &type, &itemError) != 1) {
                libpff_error_free(&itemError);
                type = LIBPFF_ITEM_TYPE_UNDEFINED;  // as the reader does
            }
            m_skippable[static_cast<std::size_t>(i)] = !isItem(type);
            libpff_item_free(&item, nullptr);
        }
    });
}

PstRecoveryScan::~PstRecoveryScan() {
    if (m_thread.joinable()) {
        if (m_file.get())
            libpff_file_signal_abort(m_file.get(), nullptr);
        m_thread.request_stop();
        m_thread.join();
    }
    if (m_error)
        libpff_error_free(&m_error);
    m_file.close();  // on this thread: its name lookups are the ones to forget
}

int PstRecoveryScan::wait(libpff_error_t *&error) {
    if (m_thread.joinable())
        m_thread.join();
    error = m_error;
    m_error = nullptr;
    return m_result;
}

}  // namespace harrier::parsers::outlook
