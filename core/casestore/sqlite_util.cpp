#include "casestore/sqlite_util.h"

#include <utility>

namespace harrier::casestore {

Error sqliteError(sqlite3 *db, std::string_view what) {
    std::string msg(what);
    msg += ": ";
    msg += db ? sqlite3_errmsg(db) : "no database";
    return makeError(ErrorCode::Database, std::move(msg));
}

Statement::Statement(sqlite3 *db, std::string_view sql) {
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    if (rc != SQLITE_OK) {
        m_prepareError = std::string(sqlite3_errmsg(db)) + " in: " + std::string(sql);
        m_failed = true;
        m_lastCode = rc;
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    }
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement::Statement(Statement &&other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr)),
      m_prepareError(std::move(other.m_prepareError)),
      m_failed(other.m_failed),
      m_lastCode(other.m_lastCode) {}

Statement &Statement::operator=(Statement &&other) noexcept {
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_prepareError = std::move(other.m_prepareError);
        m_failed = other.m_failed;
        m_lastCode = other.m_lastCode;
    }
    return *this;
}

Statement &Statement::bind(int index, std::int64_t value) {
    if (m_stmt)
        sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, double value) {
    if (m_stmt)
        sqlite3_bind_double(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, std::string_view text) {
    if (m_stmt)
        sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Statement &Statement::bindBlob(int index, ByteView bytes) {
    if (m_stmt)
        sqlite3_bind_blob64(m_stmt, index, bytes.empty() ? "" : static_cast<const void *>(bytes.data()),
                            bytes.size(), SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bindNull(int index) {
    if (m_stmt)
        sqlite3_bind_null(m_stmt, index);
    return *this;
}

Statement &Statement::bindOptional(int index, std::string_view text) {
    return text.empty() ? bindNull(index) : bind(index, text);
}

Statement &Statement::bindOptional(int index, std::int64_t id) {
    return id == 0 ? bindNull(index) : bind(index, id);
}

Statement &Statement::bindOptional(int index, const std::optional<std::int64_t> &value) {
    return value ? bind(index, *value) : bindNull(index);
}

bool Statement::step() {
    if (!m_stmt)
        return false;
    m_lastCode = sqlite3_step(m_stmt);
    if (m_lastCode == SQLITE_ROW)
        return true;
    if (m_lastCode != SQLITE_DONE)
        m_failed = true;
    return false;
}

bool Statement::exec() {
    while (step()) {
    }
    const bool ok = !m_failed;
    reset();
    return ok;
}

void Statement::reset() {
    if (m_stmt) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
}

std::int64_t Statement::int64(int col) const { return sqlite3_column_int64(m_stmt, col); }
double Statement::real(int col) const { return sqlite3_column_double(m_stmt, col); }

std::string Statement::text(int col) const { return std::string(textView(col)); }

std::string_view Statement::textView(int col) const {
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, col));
    if (!p)
        return {};
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col))};
}

ByteView Statement::blob(int col) const {
    const auto *p = static_cast<const std::uint8_t *>(sqlite3_column_blob(m_stmt, col));
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col))};
}

bool Statement::isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }

std::optional<std::int64_t> Statement::optionalInt(int col) const {
    if (isNull(col))
        return std::nullopt;
    return int64(col);
}

Result<void> execSql(sqlite3 *db, std::string_view sql) {
    char *err = nullptr;
    const std::string owned(sql);
    if (sqlite3_exec(db, owned.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        return makeError(ErrorCode::Database, msg);
    }
    return {};
}

std::optional<std::int64_t> queryInt(sqlite3 *db, std::string_view sql) {
    Statement st(db, sql);
    if (!st.step() || st.isNull(0))
        return std::nullopt;
    return st.int64(0);
}

Transaction::Transaction(sqlite3 *db) : m_db(db) {
    m_began = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
}

Transaction::~Transaction() {
    if (m_began && !m_done)
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<void> Transaction::commit() {
    m_done = true;
    if (!m_began)
        return sqliteError(m_db, "BEGIN failed");
    if (sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        auto err = sqliteError(m_db, "COMMIT failed");
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        return err;
    }
    return {};
}

}  // namespace harrier::casestore
