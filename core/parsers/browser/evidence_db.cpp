#include "evidence_db.h"

#include <filesystem>

#include "parsers/support/text_util.h"

namespace harrier::parsers::browser {

namespace fs = std::filesystem;

bool sqliteHeadHas(ByteView head, std::initializer_list<std::string_view> needles) {
    const std::string_view text = asText(head);
    if (!text.starts_with(std::string_view("SQLite format 3\0", 16)))
        return false;
    for (auto needle : needles)
        if (text.find(needle) == std::string_view::npos)
            return false;
    return true;
}

Result<EvidenceDb> EvidenceDb::open(const std::string &localPath) {
    auto dir = support::PrivateTempDir::create();
    if (!dir)
        return dir.error();
    auto copy = dir->copyIn(localPath, "evidence.sqlite");
    if (!copy)
        return copy.error();
    // A WAL or rollback journal next to the original holds committed (WAL) or
    // to-be-undone (journal) pages; SQLite applies them only if they sit beside
    // the database under the matching name. Items from archives have no
    // siblings on disk, so there only the main file is read.
    std::string companions;
    for (const char *suffix : {"-wal", "-journal"}) {
        std::error_code ec;
        const std::string sibling = localPath + suffix;
        if (fs::is_regular_file(sibling, ec) && fs::file_size(sibling, ec) > 0 && !ec) {
            auto copied = dir->copyIn(sibling, std::string("evidence.sqlite") + suffix);
            if (!copied)
                return copied.error();
            companions += companions.empty() ? suffix : std::string(",") + suffix;
        }
    }
    sqlite3 *db = nullptr;
    int rc;
    if (companions.empty()) {
        // Nothing to replay: immutable read-only, so SQLite never creates -shm or locks.
        const std::string uri = "file:" + *copy + "?immutable=1";
        rc = sqlite3_open_v2(uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
    } else {
        // Our own copy: read-write so SQLite can read the WAL / roll back the journal.
        rc = sqlite3_open_v2(copy->c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    }
    if (rc != SQLITE_OK) {
        std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        return makeError(ErrorCode::InvalidInput, "cannot open SQLite database: " + message);
    }
    // The schema is attacker-written: no functions with side effects from views/triggers.
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    EvidenceDb result(std::move(*dir), db, companions);
    // Reading the schema is the first thing that fails on a non-database.
    if (!result.queryInt("SELECT count(*) FROM sqlite_master"))
        return makeError(ErrorCode::InvalidInput, "not a readable SQLite database: " + result.lastError());
    return result;
}

EvidenceDb::EvidenceDb(support::PrivateTempDir dir, sqlite3 *db, std::string companions)
    : m_dir(std::move(dir)), m_db(db), m_companions(std::move(companions)) {}

EvidenceDb::EvidenceDb(EvidenceDb &&other) noexcept
    : m_dir(std::move(other.m_dir)), m_db(other.m_db), m_companions(std::move(other.m_companions)) {
    other.m_db = nullptr;
}

EvidenceDb::~EvidenceDb() {
    if (m_db)
        sqlite3_close(m_db);  // before m_dir removes the files
}

std::string EvidenceDb::lastError() const { return m_db ? sqlite3_errmsg(m_db) : "no database"; }

bool EvidenceDb::hasTable(std::string_view table) const {
    EvidenceStatement st(*this, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?1");
    st.bindText(1, table);
    return st.step();
}

std::set<std::string> EvidenceDb::columns(std::string_view table) const {
    std::set<std::string> names;
    std::string sql = "PRAGMA table_info(\"";
    for (char c : table)
        sql += c == '"' ? std::string("\"\"") : std::string(1, c);
    sql += "\")";
    EvidenceStatement st(*this, sql);
    while (st.step())
        names.insert(st.text(1));
    return names;
}

std::optional<std::int64_t> EvidenceDb::queryInt(std::string_view sql) const {
    EvidenceStatement st(*this, sql);
    if (st.step() && !st.isNull(0))
        return st.integer(0);
    return std::nullopt;
}

EvidenceStatement::EvidenceStatement(const EvidenceDb &db, std::string_view sql) : m_db(db.handle()) {
    if (sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr) != SQLITE_OK) {
        m_error = sqlite3_errmsg(m_db);
        m_stmt = nullptr;
    }
}

EvidenceStatement::~EvidenceStatement() { sqlite3_finalize(m_stmt); }

void EvidenceStatement::bindText(int index, std::string_view text) {
    if (m_stmt)
        sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

bool EvidenceStatement::step() {
    if (!m_stmt)
        return false;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        m_error = sqlite3_errmsg(m_db);
    return false;
}

std::int64_t EvidenceStatement::integer(int col) const { return sqlite3_column_int64(m_stmt, col); }
double EvidenceStatement::real(int col) const { return sqlite3_column_double(m_stmt, col); }
bool EvidenceStatement::isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }

std::string EvidenceStatement::text(int col) const {
    const auto *p = sqlite3_column_text(m_stmt, col);
    if (!p)
        return {};
    return support::sanitizeUtf8(
        std::string_view(reinterpret_cast<const char *>(p), static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col))));
}

}  // namespace harrier::parsers::browser
