#pragma once
/// libyal libraries (libscca, liblnk, libregf, ...) report failures as -1 plus
/// an opaque libX_error_t. This turns one into a readable message and frees
/// it, whatever the library, so no parser leaks error objects.

#include <string>
#include <string_view>

namespace harrier::parsers::support {

/// `sprint` is libX_error_backtrace_sprint (one line per frame, innermost
/// first), `release` is libX_error_free. The message keeps the innermost
/// frame (the cause) and the outermost (what failed).
template <typename ErrorT, typename SprintFn, typename FreeFn>
std::string takeLibyalError(ErrorT *&error, std::string_view what, SprintFn sprint, FreeFn release) {
    std::string message(what);
    if (error) {
        char buffer[1024] = {};
        if (sprint(error, buffer, sizeof(buffer)) > 0) {
            std::string_view text(buffer);
            while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
                text.remove_suffix(1);
            const auto first = text.find('\n');
            message += ": ";
            message += text.substr(0, first);
            if (first != std::string_view::npos)
                message += " (" + std::string(text.substr(text.rfind('\n') + 1)) + ")";
        }
        release(&error);
        error = nullptr;
    }
    return message;
}

}  // namespace harrier::parsers::support
