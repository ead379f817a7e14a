#pragma once
/// Progress for the CLI: a redrawn bar on a TTY, a plain line every few
/// seconds otherwise (logs, CI).

#include <chrono>
#include <cstdio>
#include <mutex>

#include "base/progress.h"

namespace harrier::cli {

class TerminalProgress final : public ProgressSink {
public:
    explicit TerminalProgress(std::FILE *out, bool quiet = false);
    ~TerminalProgress() override;
    void onProgress(const ProgressInfo &info) override;
    /// Clears the bar line before other output.
    void done();

private:
    std::FILE *m_out;
    bool m_tty;
    bool m_quiet;
    bool m_drawn = false;
    std::mutex m_mutex;
    std::chrono::steady_clock::time_point m_last{};
};

std::string humanBytes(std::uint64_t bytes);

}  // namespace harrier::cli
