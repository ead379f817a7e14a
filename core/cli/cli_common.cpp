#include <charconv>

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

}  // namespace harrier::cli
