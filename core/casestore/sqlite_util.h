#pragma once
/// Thin RAII over the sqlite3 C API, private to casestore: no other module
/// sees SQL (a PostgreSQL backend is planned behind the same API).

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/byte_view.h"
#include "base/result.h"

namespace harrier::casestore {

Error sqliteError(sqlite3 *db, std::string_view what);

class Statement {
public:
    Statement() = default;
    Statement(sqlite3 *db, std::string_view sql);
    ~Statement();
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    bool valid() const { return m_stmt != nullptr; }
    /// Set when prepare failed.
    const std::string &prepareError() const { return m_prepareError; }

    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, std::string_view text);
    Statement &bind(int index, const char *text) { return bind(index, std::string_view(text)); }
    Statement &bind(int index, const std::string &text) { return bind(index, std::string_view(text)); }
    Statement &bindBlob(int index, ByteView bytes);
    Statement &bindNull(int index);
    /// Binds NULL for an empty string or a zero id: the schema's "absent".
    Statement &bindOptional(int index, std::string_view text);
    Statement &bindOptional(int index, std::int64_t id);
    Statement &bindOptional(int index, const std::optional<std::int64_t> &value);

    /// SQLITE_ROW -> true, SQLITE_DONE -> false; errors kept in error().
    bool step();
    /// Runs to completion; false on error.
    bool exec();
    void reset();
    bool failed() const { return m_failed; }
    int lastCode() const { return m_lastCode; }

    std::int64_t int64(int col) const;
    double real(int col) const;
    std::string text(int col) const;
    std::string_view textView(int col) const;
    ByteView blob(int col) const;
    bool isNull(int col) const;
    std::optional<std::int64_t> optionalInt(int col) const;

private:
    sqlite3_stmt *m_stmt = nullptr;
    std::string m_prepareError;
    bool m_failed = false;
    int m_lastCode = SQLITE_OK;
};

/// Executes one or more statements with no results.
Result<void> execSql(sqlite3 *db, std::string_view sql);
/// First column of the first row as integer, or nullopt.
std::optional<std::int64_t> queryInt(sqlite3 *db, std::string_view sql);

/// A transaction that rolls back unless committed.
class Transaction {
public:
    explicit Transaction(sqlite3 *db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    bool began() const { return m_began; }
    Result<void> commit();

private:
    sqlite3 *m_db;
    bool m_began = false;
    bool m_done = false;
};

}  // namespace harrier::casestore
