#pragma once
/// Cooperative cancellation of long reads (a timeline count over millions of
/// events, a histogram): while a QueryCancel is alive, statements on that
/// connection stop with SQLITE_INTERRUPT as soon as `cancelled()` is true.
/// A predicate (checked by the connection's own thread) rather than
/// sqlite3_interrupt() from another thread, which could also hit the *next*
/// query if it started in between.

#include <functional>

struct sqlite3;

namespace harrier::casestore {

class CaseDb;

class QueryCancel {
public:
    QueryCancel(const CaseDb &db, std::function<bool()> cancelled);
    ~QueryCancel();
    QueryCancel(const QueryCancel &) = delete;
    QueryCancel &operator=(const QueryCancel &) = delete;

private:
    sqlite3 *m_db;
    std::function<bool()> m_cancelled;
};

}  // namespace harrier::casestore
