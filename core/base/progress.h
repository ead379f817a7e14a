#pragma once
/// Progress is an interface the engine calls and each front end implements
/// (a TTY bar in the CLI, queued signals in the GUI), as in Wireshark.

#include <cstdint>
#include <string>

namespace harrier {

struct ProgressInfo {
    std::string stage;        ///< "ingest", "scan", ...
    std::string currentItem;  ///< path of what is being worked on
    std::uint64_t items = 0;  ///< items finished so far
    std::uint64_t bytes = 0;  ///< bytes read so far
    std::uint64_t totalBytes = 0;  ///< 0 when unknown
    double elapsedSeconds = 0;
};

class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    /// Called often from the working thread; implementations throttle.
    virtual void onProgress(const ProgressInfo &info) = 0;
};

class NullProgress final : public ProgressSink {
public:
    void onProgress(const ProgressInfo &) override {}
};

}  // namespace harrier
