#include "casestore/annotation_merge.h"

#include <filesystem>

#include "casestore/case_db.h"
#include "casestore/hit_store.h"
#include "casestore/sqlite_util.h"

namespace harrier::casestore {

namespace {

bool targetExists(sqlite3 *db, TargetKind kind, std::int64_t id) {
    Statement st(db, kind == TargetKind::Event ? "SELECT 1 FROM events WHERE id = ?" : "SELECT 1 FROM objects WHERE id = ?");
    st.bind(1, id);
    return st.step();
}

}  // namespace

Result<MergeReport> AnnotationMerge::mergeFrom(const std::string &theirsPath, bool ignoreManifest) {
    if (m_mine.readOnly())
        return makeError(ErrorCode::ReadOnly, "case " + m_mine.path() + " is open read-only; cannot merge into it");
    std::error_code ec;
    if (std::filesystem::equivalent(theirsPath, m_mine.path(), ec))
        return makeError(ErrorCode::InvalidInput, "cannot merge a case into itself");
    OpenOptions opts;
    opts.ignoreManifest = ignoreManifest;
    auto theirs = CaseDb::open(theirsPath, OpenMode::ReadOnly, opts);
    if (!theirs)
        return theirs.error();
    const CaseInfo &mineInfo = m_mine.info();
    const CaseInfo &theirInfo = (*theirs)->info();
    if (theirInfo.uuid != mineInfo.uuid)
        return makeError(ErrorCode::InvalidInput,
                         "refusing to merge: " + theirsPath + " is case '" + theirInfo.name + "' (" + theirInfo.uuid +
                             "), not a copy of '" + mineInfo.name + "' (" + mineInfo.uuid +
                             "). Annotations point at items by their id in the case, and ids only match between "
                             "copies of the same case; Harrier cannot yet match items across different cases.");
    auto theirNotes = AnnotationStore(**theirs).all();
    if (!theirNotes)
        return theirNotes.error();
    HitFilter allHits;
    allHits.latestOnly = false;
    auto theirHits = HitStore(**theirs).list(allHits);
    if (!theirHits)
        return theirHits.error();

    MergeReport report;
    report.theirsPath = theirsPath;
    report.theirsUuid = theirInfo.uuid;
    sqlite3 *db = m_mine.handle();
    Transaction tx(db);
    if (!tx.began())
        return sqliteError(db, "cannot begin the merge");
    // INSERT OR IGNORE on the UUID primary key is what makes the merge
    // idempotent: an annotation that travelled back and forth stays one row.
    Statement insNote(db, "INSERT OR IGNORE INTO annotations(uuid, target_kind, target_id, kind, value, analyst, "
                          "created_at) VALUES (?,?,?,?,?,?,?)");
    for (const auto &a : *theirNotes) {
        if (!targetExists(db, a.targetKind, a.targetId)) {
            ++report.annotationsWithoutTarget;
            continue;
        }
        insNote.reset();
        insNote.bind(1, a.uuid).bind(2, toString(a.targetKind)).bind(3, a.targetId).bind(4, toString(a.kind))
            .bind(5, a.value).bind(6, a.analyst).bind(7, a.createdAt.micros);
        if (!insNote.exec())
            return sqliteError(db, "cannot merge annotation " + a.uuid);
        (sqlite3_changes(db) > 0 ? report.annotationsAdded : report.annotationsAlreadyPresent)++;
    }
    Statement insHit(db, "INSERT OR IGNORE INTO hits(uuid, object_id, event_id, rule_id, rule_set, rule_set_hash, "
                         "severity, explanation, details_json, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
    for (const auto &h : *theirHits) {
        if ((h.objectId && !targetExists(db, TargetKind::Object, h.objectId)) ||
            (h.eventId && !targetExists(db, TargetKind::Event, h.eventId))) {
            ++report.hitsWithoutTarget;
            continue;
        }
        insHit.reset();
        insHit.bind(1, h.uuid).bindOptional(2, h.objectId).bindOptional(3, h.eventId).bind(4, h.ruleId)
            .bind(5, h.ruleSet).bind(6, h.ruleSetHash).bind(7, h.severity).bind(8, h.explanation)
            .bindOptional(9, h.detailsJson).bind(10, h.createdAt.micros);
        if (!insHit.exec())
            return sqliteError(db, "cannot merge hit " + h.uuid);
        (sqlite3_changes(db) > 0 ? report.hitsAdded : report.hitsAlreadyPresent)++;
    }
    auto conflicts = this->conflicts();
    if (!conflicts)
        return conflicts.error();
    report.conflicts = std::move(*conflicts);
    if (auto r = m_mine.audit("case.merge",
                              "from " + theirsPath + " (by " + theirInfo.createdBy + "): " +
                                  std::to_string(report.annotationsAdded) + " annotations added, " +
                                  std::to_string(report.annotationsAlreadyPresent) + " already present, " +
                                  std::to_string(report.annotationsWithoutTarget) + " without a matching item; " +
                                  std::to_string(report.hitsAdded) + " hits added; " +
                                  std::to_string(report.conflicts.size()) + " verdict conflicts");
        !r)
        return r.error();
    if (auto r = tx.commit(); !r)
        return r.error();
    return report;
}

Result<std::vector<VerdictConflict>> AnnotationMerge::conflicts() const {
    sqlite3 *db = m_mine.handle();
    Statement st(db, "SELECT target_kind, target_id FROM annotations WHERE kind = 'verdict' "
                     "GROUP BY target_kind, target_id HAVING count(DISTINCT value) > 1 ORDER BY target_kind, target_id");
    std::vector<VerdictConflict> out;
    AnnotationStore store(m_mine);
    while (st.step()) {
        VerdictConflict c;
        c.targetKind = st.textView(0) == "event" ? TargetKind::Event : TargetKind::Object;
        c.targetId = st.int64(1);
        auto all = store.forTarget(c.targetKind, c.targetId);
        if (!all)
            return all.error();
        for (auto &a : *all)
            if (a.kind == AnnotationKind::Verdict)
                c.verdicts.push_back(std::move(a));
        out.push_back(std::move(c));
    }
    if (st.failed())
        return sqliteError(db, "cannot list verdict conflicts");
    return out;
}

}  // namespace harrier::casestore
