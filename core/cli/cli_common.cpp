#include <unistd.h>

#include <charconv>
#include <filesystem>

#include "base/logging.h"
#include "cli/commands.h"

namespace harrier::cli {

int usageError(Context &ctx, const std::string &message) {
    ctx.err << "harrier-cli: " << message << "\nTry 'harrier-cli --help'.\n";
    return kExitUsage;
}

int reportError(Context &ctx, const Error &error) {
    ctx.err << "harrier-cli: " << error.message << "\n";
    switch (error.code) {
    case ErrorCode::SchemaTooNew:
    case ErrorCode::Locked:
        return kExitCaseRefused;
    default:
        return kExitError;
    }
}

std::unique_ptr<casestore::CaseDb> openCase(Context &ctx, const std::string &path, casestore::OpenMode mode,
                                            int &exitCode) {
    auto db = casestore::CaseDb::open(path, mode);
    if (!db) {
        ctx.err << "harrier-cli: " << db.error().message << "\n";
        exitCode = kExitCaseRefused;
        return nullptr;
    }
    return std::move(*db);
}

std::optional<std::int64_t> parseInteger(const std::string &text) {
    std::int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.empty())
        return std::nullopt;
    return v;
}

std::string dumpJson(const nlohmann::json &j, int indent) {
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

void setupLogging(const Args &args, const std::string &casePath) {
    if (auto level = args.value("--log-level"))
        logging::setLevel(*level);
    if (!casePath.empty()) {
        std::error_code ec;
        const auto dir = std::filesystem::path(casePath).parent_path();
        // Only beside a case we may write to; a read-only case gets no log file.
        if (::access((dir.empty() ? "." : dir.c_str()), W_OK) == 0)
            logging::addLogFile(casePath + ".log");
    }
}

}  // namespace harrier::cli
