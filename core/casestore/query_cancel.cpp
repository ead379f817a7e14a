#include "casestore/query_cancel.h"

#include <sqlite3.h>

#include "casestore/case_db.h"

namespace harrier::casestore {

namespace {
// Every ~1000 virtual-machine steps: microseconds apart, cheap to check.
constexpr int kStepsBetweenChecks = 1000;

int checkCancelled(void *self) {
    const auto *fn = static_cast<const std::function<bool()> *>(self);
    return (*fn)() ? 1 : 0;
}
}  // namespace

QueryCancel::QueryCancel(const CaseDb &db, std::function<bool()> cancelled)
    : m_db(db.handle()), m_cancelled(std::move(cancelled)) {
    sqlite3_progress_handler(m_db, kStepsBetweenChecks, &checkCancelled, &m_cancelled);
}

QueryCancel::~QueryCancel() { sqlite3_progress_handler(m_db, 0, nullptr, nullptr); }

}  // namespace harrier::casestore
