#include "casestore/annotations.h"

#include <optional>

#include "base/uuid.h"
#include "casestore/case_db.h"
#include "casestore/sqlite_util.h"

namespace harrier::casestore {

namespace {

AnnotationKind kindFromString(std::string_view s) {
    if (s == "note") return AnnotationKind::Note;
    if (s == "bookmark") return AnnotationKind::Bookmark;
    if (s == "verdict") return AnnotationKind::Verdict;
    return AnnotationKind::Tag;
}

Result<std::vector<Annotation>> readAll(Statement &st, sqlite3 *db) {
    std::vector<Annotation> out;
    while (st.step()) {
        Annotation a;
        a.uuid = st.text(0);
        a.targetKind = st.textView(1) == "event" ? TargetKind::Event : TargetKind::Object;
        a.targetId = st.int64(2);
        a.kind = kindFromString(st.textView(3));
        a.value = st.text(4);
        a.analyst = st.text(5);
        a.createdAt = UtcTime{st.int64(6)};
        out.push_back(std::move(a));
    }
    if (st.failed())
        return sqliteError(db, "cannot read annotations");
    return out;
}

constexpr const char *kColumns = "SELECT uuid, target_kind, target_id, kind, value, analyst, created_at FROM annotations";

}  // namespace

const char *toString(AnnotationKind kind) {
    switch (kind) {
    case AnnotationKind::Tag: return "tag";
    case AnnotationKind::Note: return "note";
    case AnnotationKind::Bookmark: return "bookmark";
    case AnnotationKind::Verdict: return "verdict";
    }
    return "tag";
}

const char *toString(TargetKind kind) { return kind == TargetKind::Event ? "event" : "object"; }

Result<Annotation> AnnotationStore::add(TargetKind target, std::int64_t targetId, AnnotationKind kind,
                                        std::string value) {
    if (m_db.readOnly())
        return makeError(ErrorCode::ReadOnly, "case is open read-only");
    if (kind == AnnotationKind::Verdict && value != "malicious" && value != "suspicious" && value != "benign")
        return makeError(ErrorCode::InvalidInput, "a verdict is malicious, suspicious or benign");
    if ((kind == AnnotationKind::Tag || kind == AnnotationKind::Note) && value.empty())
        return makeError(ErrorCode::InvalidInput, std::string(toString(kind)) + " needs a value");
    sqlite3 *db = m_db.handle();
    const char *exists = target == TargetKind::Event ? "SELECT 1 FROM events WHERE id = ?"
                                                     : "SELECT 1 FROM objects WHERE id = ?";
    Statement check(db, exists);
    check.bind(1, targetId);
    if (!check.step())
        return makeError(ErrorCode::NotFound,
                         std::string("no ") + toString(target) + " with id " + std::to_string(targetId));
    // The annotation and its audit row commit together, so a snapshot taken
    // meanwhile (case export) never holds one without the other. A caller
    // already inside a transaction keeps its own.
    std::optional<Transaction> tx;
    if (sqlite3_get_autocommit(db)) {
        tx.emplace(db);
        if (!tx->began())
            return sqliteError(db, "cannot begin storing the annotation");
    }
    Annotation a{newUuid(), target, targetId, kind, std::move(value), m_db.analyst(), UtcTime::now()};
    Statement st(db, "INSERT INTO annotations(uuid, target_kind, target_id, kind, value, analyst, created_at) "
                     "VALUES (?,?,?,?,?,?,?)");
    st.bind(1, a.uuid).bind(2, toString(target)).bind(3, targetId).bind(4, toString(kind)).bind(5, a.value)
        .bind(6, a.analyst).bind(7, a.createdAt.micros);
    if (!st.exec())
        return sqliteError(db, "cannot store annotation");
    if (auto r = m_db.audit(std::string("annotate.") + toString(kind),
                            std::string(toString(target)) + " " + std::to_string(targetId) + ": " + a.value);
        !r)
        return r.error();
    if (tx)
        if (auto r = tx->commit(); !r)
            return r.error();
    return a;
}

Result<std::vector<Annotation>> AnnotationStore::forTarget(TargetKind target, std::int64_t targetId) const {
    Statement st(m_db.handle(), std::string(kColumns) + " WHERE target_kind = ? AND target_id = ? ORDER BY created_at");
    st.bind(1, toString(target)).bind(2, targetId);
    return readAll(st, m_db.handle());
}

Result<std::vector<Annotation>> AnnotationStore::all() const {
    Statement st(m_db.handle(), std::string(kColumns) + " ORDER BY created_at, uuid");
    return readAll(st, m_db.handle());
}

}  // namespace harrier::casestore
