#include "ui/report/report_html.h"

#include <QColor>
#include <QLocale>
#include <QStringList>

namespace harrier::uireport {

namespace {

using report::ReportData;
using report::SeverityBand;

QString esc(const std::string &s) { return QString::fromStdString(s).toHtmlEscaped(); }

QString time(const UtcTime &t) {
    // "2024-03-25 10:00:00 UTC": readable, unambiguous, no T/Z to puzzle over.
    QString iso = QString::fromStdString(t.toIso8601());
    iso.replace(QLatin1Char('T'), QLatin1Char(' '));
    if (iso.endsWith(QLatin1Char('Z')))
        iso.chop(1);
    const int dot = iso.indexOf(QLatin1Char('.'));
    if (dot > 0)
        iso.truncate(dot);
    return iso + QStringLiteral(" UTC");
}

QString time(const std::optional<UtcTime> &t) { return t ? time(*t) : QStringLiteral("(no time)"); }

/// For columns whose header already says UTC.
QString timeCell(const std::optional<UtcTime> &t) {
    return t ? time(*t).chopped(4) : QStringLiteral("(no time)");
}

QString bytes(std::optional<std::int64_t> size) {
    if (!size)
        return QStringLiteral("—");
    return QLocale::c().formattedDataSize(*size, 1, QLocale::DataSizeTraditionalFormat) +
           QStringLiteral(" (%1 B)").arg(*size);
}

QString bandColor(SeverityBand b) {
    switch (b) {
    case SeverityBand::Critical: return QStringLiteral("#8b0000");
    case SeverityBand::High: return QStringLiteral("#c2410c");
    case SeverityBand::Medium: return QStringLiteral("#b7791f");
    case SeverityBand::Low: return QStringLiteral("#2f5f8f");
    case SeverityBand::Info: return QStringLiteral("#555555");
    }
    return QStringLiteral("#555555");
}

QString band(SeverityBand b) { return QString::fromUtf8(report::toString(b).data(), static_cast<int>(report::toString(b).size())); }

QString mono(const QString &text) {
    return QStringLiteral("<span style=\"font-family:'DejaVu Sans Mono'; font-size:7pt;\">") + text +
           QStringLiteral("</span>");
}

/// A table with a header row that repeats on every page it spans.
class Table {
public:
    Table(QString &out, const QStringList &headers, const QList<int> &widths) : m_out(out) {
        m_out += QStringLiteral("<table class=\"grid\" width=\"100%\" cellspacing=\"0\" cellpadding=\"3\" "
                                "border=\"1\" style=\"border-collapse:collapse; border-color:#bbbbbb;\"><thead><tr>");
        for (int i = 0; i < headers.size(); ++i)
            m_out += QStringLiteral("<th bgcolor=\"#e8edf3\" align=\"left\" width=\"%1%\">%2</th>")
                         .arg(i < widths.size() ? widths[i] : 10)
                         .arg(headers[i]);
        m_out += QStringLiteral("</tr></thead><tbody>");
    }
    ~Table() { m_out += QStringLiteral("</tbody></table>"); }
    Table(const Table &) = delete;
    Table &operator=(const Table &) = delete;
    void row(const QStringList &cells) {
        m_out += m_odd ? QStringLiteral("<tr bgcolor=\"#f7f9fb\">") : QStringLiteral("<tr>");
        m_odd = !m_odd;
        for (const auto &c : cells)
            m_out += QStringLiteral("<td valign=\"top\">") + c + QStringLiteral("</td>");
        m_out += QStringLiteral("</tr>");
    }

private:
    QString &m_out;
    bool m_odd = false;
};

void keyValue(QString &out, const QList<QPair<QString, QString>> &rows) {
    out += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"4\">");
    for (const auto &[k, v] : rows)
        out += QStringLiteral("<tr><td width=\"28%\" valign=\"top\"><b>%1</b></td><td valign=\"top\">%2</td></tr>").arg(k, v);
    out += QStringLiteral("</table>");
}

void titlePage(QString &h, const ReportData &d) {
    const QColor mc = markingColor(QString::fromStdString(d.marking));
    h += QStringLiteral("<table width=\"100%\" cellpadding=\"10\" cellspacing=\"0\"><tr><td bgcolor=\"#000000\">"
                        "<span style=\"color:%1; font-size:16pt; font-weight:bold;\">%2</span></td></tr></table>")
             .arg(mc.name(), esc(d.marking));
    h += QStringLiteral("<p style=\"margin-top:60px; font-size:11pt; color:#555555;\">Incident-response summary</p>");
    h += QStringLiteral("<h1 style=\"font-size:24pt; margin-top:4px;\">%1</h1>").arg(esc(d.caseName));
    QStringList analysts;
    for (const auto &a : d.analysts)
        analysts << esc(a);
    QString hashNote = mono(esc(d.caseSha256));
    if (d.walPending)
        hashNote += QStringLiteral("<br/><i>The case had changes not yet checkpointed into the file (a -wal beside it); "
                                   "the hash is of the main file only.</i>");
    h += QStringLiteral("<p style=\"margin-top:30px;\"></p>");
    keyValue(h, {{QStringLiteral("Case"), esc(d.caseName)},
                 {QStringLiteral("Case UUID"), mono(esc(d.caseUuid))},
                 {QStringLiteral("Analysts"), analysts.join(QStringLiteral(", "))},
                 {QStringLiteral("Created"), time(d.createdAt) + QStringLiteral(" by ") + esc(d.createdBy)},
                 {QStringLiteral("Last updated"), time(d.updatedAt)},
                 {QStringLiteral("Report generated"), time(d.generatedAt) + QStringLiteral(" by ") + esc(d.generatedBy)},
                 {QStringLiteral("Case file"), esc(d.casePath)},
                 {QStringLiteral("Case file SHA-256"), hashNote},
                 {QStringLiteral("Marking"), esc(d.marking)},
                 {QStringLiteral("Produced with"), QStringLiteral("Harrier ") + esc(d.harrierVersion)}});
    if (!d.contentIncluded || d.partialExport)
        h += QStringLiteral("<p><i>This case is an export%1%2: figures describe what the export holds.</i></p>")
                 .arg(d.contentIncluded ? QString() : QStringLiteral(" without file content"),
                      d.partialExport ? QStringLiteral(" reduced to tagged items") : QString());
    h += QStringLiteral("<p style=\"margin-top:40px; color:#555555;\">Indicators in this report are defanged "
                        "(hxxp[://]example[.]com): they are not links. Times are UTC.</p>");
}

void summary(QString &h, const ReportData &d) {
    const auto &s = d.summary;
    h += QStringLiteral("<h2 style=\"page-break-before:always;\">1. Executive summary</h2>");
    QString span;
    if (s.firstEvent)
        span = QStringLiteral(", from %1 to %2").arg(time(*s.firstEvent), time(*s.lastEvent));
    h += QStringLiteral("<p>The case holds <b>%1</b> evidence source(s) with <b>%2</b> items (%3 emails) and "
                        "<b>%4</b> timeline events%5. Rules and analyzers produced <b>%6</b> hits; analysts "
                        "recorded %7 verdict(s).</p>")
             .arg(s.evidence)
             .arg(s.items)
             .arg(s.emails)
             .arg(s.events)
             .arg(span)
             .arg(s.hits)
             .arg([&] {
                 std::uint64_t n = 0;
                 for (const auto &[k, v] : s.verdicts)
                     n += v;
                 return n;
             }());
    h += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"0\"><tr><td width=\"50%\" valign=\"top\">");
    {
        Table t(h, {QStringLiteral("Hits by severity"), QStringLiteral("Count")}, {70, 30});
        for (auto b : report::kSeverityBands) {
            const auto it = s.hitsByBand.find(b);
            t.row({QStringLiteral("<span style=\"color:%1; font-weight:bold;\">%2</span>").arg(bandColor(b), band(b)),
                   QString::number(it == s.hitsByBand.end() ? 0 : it->second)});
        }
    }
    h += QStringLiteral("</td><td width=\"4%\"></td><td width=\"46%\" valign=\"top\">");
    {
        Table t(h, {QStringLiteral("Verdicts (latest per item)"), QStringLiteral("Items")}, {70, 30});
        for (const char *v : {"malicious", "suspicious", "benign"}) {
            const auto it = s.verdicts.find(v);
            t.row({QString::fromLatin1(v), QString::number(it == s.verdicts.end() ? 0 : it->second)});
        }
    }
    h += QStringLiteral("</td></tr></table>");
    if (s.ingestErrors || s.ingestWarnings)
        h += QStringLiteral("<p>Ingest reported %1 error(s) and %2 warning(s); see <i>harrier-cli errors</i>.</p>")
                 .arg(s.ingestErrors)
                 .arg(s.ingestWarnings);
    if (!d.findings.empty()) {
        h += QStringLiteral("<p><b>Most severe findings:</b></p><ul>");
        int shown = 0;
        for (const auto &g : d.findings)
            for (const auto &f : g.findings)
                if (shown++ < 5)
                    h += QStringLiteral("<li><span style=\"color:%1;\"><b>%2</b></span> — %3 (%4 item(s))</li>")
                             .arg(bandColor(g.band), band(g.band), esc(f.explanation))
                             .arg(f.items.size());
        h += QStringLiteral("</ul>");
    }
}

void evidence(QString &h, const ReportData &d) {
    h += QStringLiteral("<h2>2. Evidence</h2>");
    if (d.evidence.empty()) {
        h += QStringLiteral("<p>No evidence has been added.</p>");
        return;
    }
    // The hash gets the wide first column to itself so it never wraps: a
    // reader compares it character by character with their own sha256sum.
    Table t(h, {QStringLiteral("Evidence, type and SHA-256 of the original"), QStringLiteral("Size"),
                QStringLiteral("Added (UTC)")},
            {62, 14, 24});
    for (const auto &e : d.evidence)
        t.row({QStringLiteral("<b>%1</b> &nbsp;<span style=\"color:#555555;\">%2</span><br/>%3")
                       .arg(esc(e.name), esc(e.type),
                            e.sha256.empty() ? QStringLiteral("<i>folder: no single-file hash</i>") : mono(esc(e.sha256))) +
                   (e.status == "done" ? QString() : QStringLiteral("<br/><i>ingest %1</i>").arg(esc(e.status))),
               bytes(e.size), timeCell(e.addedAt) + QStringLiteral("<br/>by ") + esc(e.addedBy)});
}

void findings(QString &h, const ReportData &d) {
    h += QStringLiteral("<h2 style=\"page-break-before:always;\">3. Findings</h2>");
    if (d.findings.empty()) {
        h += QStringLiteral("<p>No rule or analyzer produced a hit.</p>");
        return;
    }
    int n = 0;
    for (const auto &g : d.findings) {
        h += QStringLiteral("<h3 style=\"color:%1;\">%2 (%3)</h3>").arg(bandColor(g.band), band(g.band)).arg(g.findings.size());
        for (const auto &f : g.findings) {
            ++n;
            h += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"4\" border=\"0\">"
                                "<tr><td bgcolor=\"%1\" width=\"1%\"></td><td bgcolor=\"#f3f4f6\">"
                                "<b>3.%2 %3</b> &nbsp; <span style=\"color:%1;\">severity %4</span><br/>%5</td></tr></table>")
                     .arg(bandColor(g.band))
                     .arg(n)
                     .arg(esc(f.detector))
                     .arg(f.severity)
                     .arg(esc(f.explanation));
            {
                Table t(h, {QStringLiteral("Affected item"), QStringLiteral("Details")}, {30, 70});
                for (const auto &item : f.items) {
                    QString what = QStringLiteral("<b>%1 %2</b><br/>%3").arg(esc(item.kind)).arg(item.objectId).arg(esc(item.name));
                    if (!item.source.empty() && item.source != item.name)
                        what += QStringLiteral("<br/>in %1").arg(esc(item.source));
                    QString details;
                    if (item.email) {
                        details += QStringLiteral("Date: %1<br/>From: %2<br/>Subject: %3")
                                       .arg(item.emailDate ? time(*item.emailDate) : esc(item.emailDateOriginal),
                                            esc(item.emailFrom), esc(item.emailSubject));
                        if (!item.flaggedUrl.empty())
                            details += QStringLiteral("<br/>Flagged URL: ") + mono(esc(item.flaggedUrl));
                        if (item.kind != "email")
                            details += QStringLiteral("<br/><i>(the item is inside this email)</i>");
                    } else {
                        details += QStringLiteral("Path: ") + esc(item.path);
                    }
                    if (!item.sha256.empty())
                        details += QStringLiteral("<br/>SHA-256: ") + mono(esc(item.sha256));
                    if (item.explanation != f.explanation)
                        details += QStringLiteral("<br/>") + esc(item.explanation);
                    if (!item.verdicts.empty()) {
                        QStringList v;
                        for (const auto &x : item.verdicts)
                            v << esc(x);
                        details += QStringLiteral("<br/>Verdict: <b>%1</b>").arg(v.join(QStringLiteral(", ")));
                    }
                    t.row({what, details});
                }
            }
            if (!f.indicators.empty()) {
                QStringList ind;
                for (const auto &i : f.indicators)
                    ind << esc(i.kind) + QStringLiteral(": ") + mono(esc(i.defanged));
                h += QStringLiteral("<p style=\"margin-top:4px;\">Indicators: %1</p>").arg(ind.join(QStringLiteral(" · ")));
            }
            h += QStringLiteral("<p></p>");
        }
    }
}

void timeline(QString &h, const ReportData &d) {
    h += QStringLiteral("<h2 style=\"page-break-before:always;\">4. Key timeline (UTC)</h2>"
                        "<p>Bookmarked and tagged events and items, and every hit, in time order.</p>");
    if (d.timeline.empty()) {
        h += QStringLiteral("<p>Nothing bookmarked, tagged or hit yet.</p>");
        return;
    }
    {
        Table t(h, {QStringLiteral("Time (UTC)"), QStringLiteral("Kind"), QStringLiteral("What")}, {20, 12, 68});
        for (const auto &e : d.timeline) {
            QString kind = esc(e.kind);
            if (!e.label.empty() && e.label != e.kind)
                kind += QStringLiteral("<br/><b>%1</b>").arg(esc(e.label));
            QString what = esc(e.what);
            if (!e.analyst.empty())
                what += QStringLiteral(" <i>(%1)</i>").arg(esc(e.analyst));
            t.row({timeCell(e.time), kind, what});
        }
    }
    if (d.timelineTruncated)
        h += QStringLiteral("<p><i>Only the first %1 entries are shown; the full timeline is in the case.</i></p>")
                 .arg(d.timeline.size());
}

void notes(QString &h, const ReportData &d) {
    h += QStringLiteral("<h2>5. Analyst notes</h2>");
    if (d.notes.empty()) {
        h += QStringLiteral("<p>No notes.</p>");
        return;
    }
    Table t(h, {QStringLiteral("About"), QStringLiteral("Note"), QStringLiteral("Analyst, time (UTC)")}, {32, 48, 20});
    for (const auto &n : d.notes)
        t.row({esc(n.target), esc(n.text), esc(n.analyst) + QStringLiteral("<br/>") + timeCell(n.at)});
}

void activity(QString &h, const ReportData &d, const HtmlOptions &o) {
    h += QStringLiteral("<h2 style=\"page-break-before:always;\">6. Activity over time</h2>");
    const auto &a = d.activity;
    std::uint64_t total = 0;
    for (const auto &b : a.buckets)
        total += b.count;
    h += QStringLiteral("<p><img src=\"%1\" width=\"640\" height=\"220\"/></p>").arg(o.chartSrc);
    if (!a.buckets.empty())
        h += QStringLiteral("<p>%1 events in %2 buckets of %3 from %4 to %5.</p>")
                 .arg(total)
                 .arg(a.buckets.size())
                 .arg([&] {
                     const std::int64_t s = a.bucketMicros / 1'000'000;
                     if (s % 86400 == 0)
                         return QStringLiteral("%1 day(s)").arg(s / 86400);
                     if (s % 3600 == 0)
                         return QStringLiteral("%1 hour(s)").arg(s / 3600);
                     if (s % 60 == 0)
                         return QStringLiteral("%1 minute(s)").arg(s / 60);
                     return QStringLiteral("%1 second(s)").arg(s);
                 }())
                 .arg(time(a.buckets.front().start), time(UtcTime{a.buckets.back().start.micros + a.bucketMicros}));
}

void rulePacks(QString &h, const ReportData &d) {
    h += QStringLiteral("<h2>7. Rule packs used</h2>");
    if (d.rulePacks.empty()) {
        h += QStringLiteral("<p>No rule pack has produced hits in this case.</p>");
        return;
    }
    {
        // Name, version and hash share the wide column so the hash never wraps.
        Table t(h, {QStringLiteral("Pack, version and SHA-256"), QStringLiteral("Rules"), QStringLiteral("Hits"),
                    QStringLiteral("License")},
                {62, 8, 8, 22});
        for (const auto &p : d.rulePacks) {
            QString cell = QStringLiteral("<b>%1</b>").arg(esc(p.name));
            if (!p.version.empty())
                cell += QStringLiteral(" version ") + esc(p.version);
            if (!p.latest)
                cell += QStringLiteral(" <i>(older version)</i>");
            cell += QStringLiteral("<br/>") + mono(esc(p.hash)) + QStringLiteral("<br/>last run ") + time(p.lastRun);
            t.row({cell, p.rules ? QString::number(*p.rules) : QStringLiteral("—"), QString::number(p.hits),
                   p.license.empty() ? QStringLiteral("not stated in the rules") : esc(p.license)});
        }
    }
    bool any = false;
    for (const auto &p : d.rulePacks)
        if (!p.attribution.empty()) {
            if (!any)
                h += QStringLiteral("<p><b>Attribution required by rule licenses:</b></p><ul>");
            any = true;
            h += QStringLiteral("<li>%1</li>").arg(esc(p.attribution));
        }
    if (any)
        h += QStringLiteral("</ul>");
}

void iocs(QString &h, const ReportData &d) {
    h += QStringLiteral("<h2 style=\"page-break-before:always;\">Appendix A. Indicators of compromise (defanged)</h2>");
    if (d.iocs.empty()) {
        h += QStringLiteral("<p>No indicators were matched.</p>");
        return;
    }
    Table t(h, {QStringLiteral("Kind"), QStringLiteral("Indicator"), QStringLiteral("Seen in")}, {9, 59, 32});
    for (const auto &i : d.iocs)
        t.row({esc(i.kind), mono(esc(i.defanged)), esc(i.context)});
}

}  // namespace

QColor markingColor(const QString &marking) {
    const QString m = marking.toUpper();
    if (m.contains(QStringLiteral("RED")))
        return QColor(0xff, 0x2b, 0x2b);
    if (m.contains(QStringLiteral("AMBER")))
        return QColor(0xff, 0xc0, 0x00);
    if (m.contains(QStringLiteral("GREEN")))
        return QColor(0x33, 0xff, 0x00);
    return QColor(0xff, 0xff, 0xff);
}

QString buildReportHtml(const ReportData &d, const HtmlOptions &o) {
    QString h;
    if (o.forBrowser) {
        const QColor mc = markingColor(QString::fromStdString(d.marking));
        h += QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\"/><title>%1 — %2</title>"
                            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\"/>"
                            "<style>body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10pt;max-width:60em;margin:2em auto;}"
                            "table.grid th,table.grid td{border:1px solid #bbb;} .marking{background:#000;color:%3;"
                            "font-weight:bold;padding:4px 8px;} @media print{h2{page-break-before:auto;}}</style></head><body>"
                            "<div class=\"marking\">%2</div>")
                 .arg(esc(d.caseName), esc(d.marking), mc.name());
    }
    titlePage(h, d);
    summary(h, d);
    evidence(h, d);
    findings(h, d);
    timeline(h, d);
    notes(h, d);
    activity(h, d, o);
    rulePacks(h, d);
    iocs(h, d);
    if (o.forBrowser)
        h += QStringLiteral("<div class=\"marking\">%1</div></body></html>").arg(esc(d.marking));
    return h;
}

}  // namespace harrier::uireport
