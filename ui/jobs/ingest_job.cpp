#include "ui/jobs/ingest_job.h"

#include "casestore/case_db.h"
#include "casestore/source_delete.h"
#include "ingest/pipeline.h"

namespace harrier::ui {

IngestJob::IngestJob(casestore::CaseDb &db, QStringList paths, QStringList passwords, QString host,
                     QObject *parent)
    : Job(tr("Ingest"), parent), m_db(db), m_paths(std::move(paths)), m_passwords(std::move(passwords)),
      m_host(std::move(host)) {}

Job::Outcome IngestJob::run(std::stop_token stop, ProgressSink &progress) {
    ingest::IngestOptions options;
    // The analyst's passwords first, then the defaults ("infected"), as the CLI does.
    std::vector<std::string> user;
    for (const auto &p : m_passwords)
        user.push_back(p.toStdString());
    options.passwords.insert(options.passwords.begin(), user.begin(), user.end());
    options.host = m_host.toStdString();
    const auto parsers = ingest::defaultParsers();
    auto pipeline = ingest::Pipeline::create(m_db, parsers, options);
    if (!pipeline)
        return {false, QString::fromStdString(pipeline.error().message)};

    QStringList lines;
    bool ok = true;
    for (const auto &path : m_paths) {
        if (stop.stop_requested())
            break;
        auto report = (*pipeline)->ingest(path.toStdString(), stop, progress);
        if (!report) {
            ok = false;
            lines << tr("%1: %2").arg(path, QString::fromStdString(report.error().message));
            continue;
        }
        m_sourceIds.push_back(report->sourceId);
        lines << tr("%1: %2, %3 items, %4 errors")
                     .arg(path, QString::fromUtf8(casestore::toString(report->status)))
                     .arg(report->items)
                     .arg(report->errors);
        ok &= report->status != casestore::SourceStatus::Failed;
    }
    if (auto r = (*pipeline)->finish(); !r) {
        ok = false;
        lines << QString::fromStdString(r.error().message);
    }
    (*pipeline).reset();  // releases the writer connection before the rollback below
    if (cancelRequested()) {
        // Cancel: nothing of this ingest stays in the case.
        for (const auto id : m_sourceIds) {
            auto r = casestore::deleteSource(m_db, id);
            if (!r)
                return {false, tr("Cancel could not remove source %1: %2")
                                   .arg(id)
                                   .arg(QString::fromStdString(r.error().message))};
        }
        return {false, tr("Cancelled: %n source(s) rolled back.", nullptr, static_cast<int>(m_sourceIds.size()))};
    }
    if (stop.stop_requested())
        lines << tr("Stopped: what was read is kept and the source is marked partial.");
    return {ok, lines.join(QLatin1Char('\n'))};
}

}  // namespace harrier::ui
