#include "ui/jobs/scan_job.h"

#include "casestore/case_db.h"
#include "casestore/hit_store.h"
#include "rules/yara/rule_loader.h"
#include "rules/yara/yara_scan_job.h"

namespace harrier::ui {

ScanJob::ScanJob(casestore::CaseDb &db, QStringList yaraPaths, int threads, QObject *parent)
    : Job(tr("Scan"), parent), m_db(db), m_yaraPaths(std::move(yaraPaths)), m_threads(threads) {}

Job::Outcome ScanJob::run(std::stop_token stop, ProgressSink &progress) {
    std::vector<std::string> paths;
    for (const auto &p : m_yaraPaths)
        paths.push_back(p.toStdString());
    if (paths.empty())
        return {false, tr("No YARA rule pack is enabled.")};
    auto pack = rules::yara::RuleLoader::load(paths);
    if (!pack)
        return {false, QString::fromStdString(pack.error().message)};
    rules::yara::ScanOptions options;
    options.threads = std::max(1, m_threads);
    auto summary = rules::yara::scanCase(m_db, *pack, options, stop, &progress);
    if (!summary) {
        if (summary.error().code == ErrorCode::Stopped)
            return {false, tr("Scan stopped; the earlier hits are unchanged.")};
        return {false, QString::fromStdString(summary.error().message)};
    }
    auto hits = rules::yara::toHits(*summary, pack->hash);
    m_hits = hits.size();
    if (auto r = casestore::HitStore(m_db).replace("yara", pack->hash, std::move(hits)); !r)
        return {false, QString::fromStdString(r.error().message)};
    (void)m_db.audit("scan:yara", "gui rescan, pack " + pack->hash + ", " + std::to_string(m_hits) + " hits");
    return {true, tr("YARA: %1 rules, scanned %2 of %3 items: %4 hits in %5 items (skipped %6, too large %7, "
                     "timed out %8, errors %9)")
                      .arg(pack->report.rules)
                      .arg(summary->scanned)
                      .arg(summary->items)
                      .arg(m_hits)
                      .arg(summary->results.size())
                      .arg(summary->skipped)
                      .arg(summary->tooLarge)
                      .arg(summary->timedOut)
                      .arg(summary->errors)};
}

}  // namespace harrier::ui
