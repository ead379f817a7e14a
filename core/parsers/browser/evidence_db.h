#pragma once
/// Read access to SQLite evidence (browser histories). The database is never
/// opened in place: it is copied, with a -wal or -journal file found beside
/// it, into a private temporary directory, and only the copy is opened.

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <initializer_list>

#include "base/byte_view.h"

#include "base/result.h"
#include "parsers/support/private_temp.h"

namespace harrier::parsers::browser {

class EvidenceStatement;

/// True when `head` starts with the SQLite magic and contains every needle
/// (table names in the schema page, which is page 1 and so in the head).
bool sqliteHeadHas(ByteView head, std::initializer_list<std::string_view> needles);

class EvidenceDb {
public:
    /// Copies `localPath` (and `localPath`-wal / -journal when present) and opens the copy.
    static Result<EvidenceDb> open(const std::string &localPath);
    EvidenceDb(EvidenceDb &&other) noexcept;
    EvidenceDb &operator=(EvidenceDb &&) = delete;
    EvidenceDb(const EvidenceDb &) = delete;
    EvidenceDb &operator=(const EvidenceDb &) = delete;
    ~EvidenceDb();

    sqlite3 *handle() const { return m_db; }
    bool hasTable(std::string_view table) const;
    /// Column names of a table (empty when it does not exist).
    std::set<std::string> columns(std::string_view table) const;
    /// First column of the first row of `sql`, or nullopt.
    std::optional<std::int64_t> queryInt(std::string_view sql) const;
    /// Which companion files were copied ("-wal", "-journal"), for the record.
    const std::string &companions() const { return m_companions; }
    std::string lastError() const;

private:
    EvidenceDb(support::PrivateTempDir dir, sqlite3 *db, std::string companions);
    support::PrivateTempDir m_dir;
    sqlite3 *m_db = nullptr;
    std::string m_companions;
};

/// One prepared SELECT over evidence; columns read defensively (NULLs and
/// wrong types are what hostile databases contain).
class EvidenceStatement {
public:
    EvidenceStatement(const EvidenceDb &db, std::string_view sql);
    ~EvidenceStatement();
    EvidenceStatement(const EvidenceStatement &) = delete;
    EvidenceStatement &operator=(const EvidenceStatement &) = delete;

    bool valid() const { return m_stmt != nullptr; }
    const std::string &error() const { return m_error; }
    void bindText(int index, std::string_view text);
    /// true on a row; false when done or on error (then error() is set).
    bool step();
    std::int64_t integer(int col) const;
    double real(int col) const;
    std::string text(int col) const;  ///< sanitized UTF-8
    bool isNull(int col) const;

private:
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    std::string m_error;
};

}  // namespace harrier::parsers::browser
