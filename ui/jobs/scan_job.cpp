#include "ui/jobs/scan_job.h"

#include "casestore/case_db.h"
#include "rules/analyzers/analyzer_registry.h"
#include "ui/workspace/app_settings.h"

namespace harrier::ui {

namespace {
std::vector<std::string> toStd(const QStringList &list) {
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(list.size()));
    for (const auto &s : list)
        out.push_back(s.toStdString());
    return out;
}
}  // namespace

ScanJob::ScanJob(casestore::CaseDb &db, rules::ScanAllOptions options, QObject *parent)
    : Job(tr("Scan"), parent), m_db(db), m_options(std::move(options)) {}

rules::ScanAllOptions ScanJob::optionsFromSettings(const QStringList &yaraPaths) {
    rules::ScanAllOptions o;
    o.yaraPaths = toStd(yaraPaths);
    o.yaraScan.threads = std::max(1, AppSettings::threads());
    const QStringList disabledIoc = AppSettings::disabledIocFiles();
    for (const auto &f : AppSettings::iocFiles())
        if (!disabledIoc.contains(f))
            o.iocPaths.push_back(f.toStdString());
    o.analyzerOptions.protectedDomains = toStd(AppSettings::protectedDomains());
    o.analyzerOptions.disable = toStd(AppSettings::disabledAnalyzers());
    // Every analyzer off is "no analyzers", not "run with an empty set" (an
    // empty enable list means all of them in core).
    const auto infos = rules::analyzers::analyzerInfos();
    o.analyzers = std::any_of(infos.begin(), infos.end(), [&](const auto &i) {
        return std::find(o.analyzerOptions.disable.begin(), o.analyzerOptions.disable.end(), i.id) ==
               o.analyzerOptions.disable.end();
    });
    return o;
}

Job::Outcome ScanJob::run(std::stop_token stop, ProgressSink &progress) {
    if (m_options.yaraPaths.empty() && m_options.iocPaths.empty() && !m_options.analyzers)
        return {false, tr("Nothing to scan: no YARA pack or IOC file is enabled and every analyzer is off.")};
    QStringList lines;
    auto result = rules::scanAll(m_db, m_options, stop, &progress, [&](const std::string &stage, const nlohmann::json &j) {
        // Called on this worker thread; the lines are only collected here.
        if (stage == "yara") {
            const auto &s = j["scan"];
            lines << tr("YARA: %1 rules, scanned %2 of %3 items: %4 hits in %5 items (skipped %6, too large %7, "
                        "timed out %8, errors %9)")
                         .arg(j["pack"]["rules"].get<std::size_t>())
                         .arg(s["scanned"].get<std::size_t>())
                         .arg(s["items"].get<std::size_t>())
                         .arg(s["hits"].get<std::size_t>())
                         .arg(s["items_with_hits"].get<std::size_t>())
                         .arg(s["skipped"].get<std::size_t>())
                         .arg(s["too_large"].get<std::size_t>())
                         .arg(s["timed_out"].get<std::size_t>())
                         .arg(s["errors"].get<std::size_t>());
        } else if (stage == "ioc") {
            lines << tr("IOC: %1 rules from %2 file(s): %3 hits")
                         .arg(j["rules"].get<std::size_t>())
                         .arg(j["feeds"].size())
                         .arg(j["scan"]["hits"].get<std::size_t>());
        } else if (stage == "analyzers") {
            lines << tr("Analyzers: %1 run: %2 hits").arg(j["ran"].size()).arg(j["hits"].get<std::size_t>());
        }
    });
    if (!result) {
        const QString done = lines.isEmpty() ? QString() : QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
        if (result.error().code == ErrorCode::Stopped)
            return {false, tr("Scan stopped; the stopped stage's earlier hits are unchanged.") + done};
        return {false, QString::fromStdString(result.error().message) + done};
    }
    m_hits = result->yaraHits + result->iocHits + result->analyzerHits;
    return {true, tr("Scan: %1 hits").arg(m_hits) + QLatin1Char('\n') + lines.join(QLatin1Char('\n'))};
}

}  // namespace harrier::ui
