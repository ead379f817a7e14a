#pragma once
/// Errors as values. Harrier's core never throws across a module boundary:
/// a function that can fail returns Result<T>, and the caller decides.

#include <string>
#include <utility>
#include <variant>

namespace harrier {

enum class ErrorCode {
    Io,              ///< the OS refused a read/write/open
    InvalidInput,    ///< evidence or arguments are malformed
    Unsupported,     ///< a format or feature we do not handle
    LimitExceeded,   ///< a safety limit (size, ratio, depth) stopped the work
    Database,        ///< SQLite reported an error
    SchemaTooNew,    ///< the case was written by a newer Harrier
    ReadOnly,        ///< a write was attempted on a read-only case
    Locked,          ///< another process holds the case for writing
    Stopped,         ///< the user asked to stop
    NotFound,
    Internal,
};

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_value(std::move(value)) {}  // NOLINT: implicit by design
    Result(Error error) : m_value(std::move(error)) {}  // NOLINT

    bool ok() const noexcept { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const noexcept { return ok(); }

    T &value() & { return std::get<T>(m_value); }
    const T &value() const & { return std::get<T>(m_value); }
    T &&value() && { return std::get<T>(std::move(m_value)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const { return std::get<Error>(m_value); }

private:
    std::variant<T, Error> m_value;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_ok(false) {}  // NOLINT

    bool ok() const noexcept { return m_ok; }
    explicit operator bool() const noexcept { return m_ok; }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_ok = true;
};

inline Error makeError(ErrorCode code, std::string message) {
    return Error{code, std::move(message)};
}

}  // namespace harrier
