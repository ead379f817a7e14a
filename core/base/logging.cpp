#include "base/logging.h"

#include <mutex>
#include <vector>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace harrier::logging {

namespace {
struct Registry {
    std::mutex mutex;
    std::vector<spdlog::sink_ptr> sinks{std::make_shared<spdlog::sinks::stderr_color_sink_mt>()};
    spdlog::level::level_enum level = spdlog::level::warn;
    std::vector<std::shared_ptr<spdlog::logger>> loggers;
};

Registry &registry() {
    static Registry r;
    return r;
}
}  // namespace

std::shared_ptr<spdlog::logger> get(std::string_view module) {
    Registry &r = registry();
    std::lock_guard lock(r.mutex);
    for (const auto &logger : r.loggers)
        if (logger->name() == module)
            return logger;
    auto logger = std::make_shared<spdlog::logger>(std::string(module), r.sinks.begin(), r.sinks.end());
    logger->set_level(r.sinks.size() > 1 && r.level > spdlog::level::info ? spdlog::level::info
                                                                           : r.level);
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%fZ [%n] %l: %v", spdlog::pattern_time_type::utc);
    r.loggers.push_back(logger);
    return logger;
}

namespace {
// Loggers pass everything either sink wants; each sink filters for itself.
void applyLevels(Registry &r) {
    auto loggerLevel = r.level;
    if (r.sinks.size() > 1 && loggerLevel > spdlog::level::info)
        loggerLevel = spdlog::level::info;
    r.sinks.front()->set_level(r.level);
    for (const auto &logger : r.loggers)
        logger->set_level(loggerLevel);
}
}  // namespace

bool setLevel(std::string_view level) {
    const auto parsed = spdlog::level::from_str(std::string(level));
    if (parsed == spdlog::level::off && level != "off")
        return false;
    Registry &r = registry();
    std::lock_guard lock(r.mutex);
    r.level = parsed;
    applyLevels(r);
    return true;
}

void addLogFile(const std::string &path) {
    Registry &r = registry();
    std::lock_guard lock(r.mutex);
    auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, false);
    sink->set_level(spdlog::level::info);  // the file keeps info and above
    r.sinks.push_back(sink);
    for (const auto &logger : r.loggers)
        logger->sinks().push_back(sink);
    applyLevels(r);
}

}  // namespace harrier::logging
