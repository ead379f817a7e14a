#include "cli/terminal_progress.h"

#include <unistd.h>

#include <string>

namespace harrier::cli {

std::string humanBytes(std::uint64_t bytes) {
    static const char *kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, kUnits[u]);
    return buf;
}

TerminalProgress::TerminalProgress(std::FILE *out, bool quiet)
    : m_out(out), m_tty(::isatty(::fileno(out)) != 0), m_quiet(quiet), m_last(std::chrono::steady_clock::now()) {}

TerminalProgress::~TerminalProgress() { done(); }

void TerminalProgress::onProgress(const ProgressInfo &info) {
    if (m_quiet)
        return;
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(m_mutex);
    const auto interval = m_tty ? std::chrono::milliseconds(100) : std::chrono::milliseconds(5000);
    if (now - m_last < interval)
        return;
    m_last = now;
    const double rate = info.elapsedSeconds > 0 ? static_cast<double>(info.bytes) / info.elapsedSeconds : 0;
    std::string item = info.currentItem;
    if (m_tty && item.size() > 50)
        item = "..." + item.substr(item.size() - 47);
    if (m_tty) {
        std::fprintf(m_out, "\r\033[K[%s] %llu items  %s  %s/s  %s", info.stage.c_str(),
                     static_cast<unsigned long long>(info.items), humanBytes(info.bytes).c_str(),
                     humanBytes(static_cast<std::uint64_t>(rate)).c_str(), item.c_str());
        m_drawn = true;
    } else {
        std::fprintf(m_out, "[%s] %llu items, %s, %s/s, at %s\n", info.stage.c_str(),
                     static_cast<unsigned long long>(info.items), humanBytes(info.bytes).c_str(),
                     humanBytes(static_cast<std::uint64_t>(rate)).c_str(), item.c_str());
    }
    std::fflush(m_out);
}

void TerminalProgress::done() {
    std::lock_guard lock(m_mutex);
    if (m_drawn) {
        std::fprintf(m_out, "\r\033[K");
        std::fflush(m_out);
        m_drawn = false;
    }
}

}  // namespace harrier::cli
