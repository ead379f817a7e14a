#include "ui/report/report_renderer.h"

#include <QBuffer>
#include <QFile>
#include <QGuiApplication>

#include "ui/report/activity_chart.h"
#include "ui/report/pdf_report_writer.h"
#include "ui/report/report_html.h"

namespace harrier::uireport {

Result<void> renderReport(const report::ReportData &data, const std::string &pdfPath, const std::string &htmlPath) {
    if (!QGuiApplication::instance())
        return makeError(ErrorCode::Internal, "report rendering needs a QGuiApplication");
    const QImage chart = drawActivityChart(data.activity, 640, 220);
    if (!pdfPath.empty()) {
        HtmlOptions o;
        o.chartSrc = QStringLiteral("harrier:activity-chart");
        if (auto r = writeReportPdf(data, buildReportHtml(data, o), chart, QString::fromStdString(pdfPath)); !r)
            return r;
    }
    if (!htmlPath.empty()) {
        // Self-contained: the chart travels inside the file, and the page's
        // CSP forbids fetching anything (the reader may be offline or wary).
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        chart.save(&buffer, "PNG");
        HtmlOptions o;
        o.forBrowser = true;
        o.chartSrc = QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64());
        QFile f(QString::fromStdString(htmlPath));
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return makeError(ErrorCode::Io, "cannot write " + htmlPath);
        f.write(buildReportHtml(data, o).toUtf8());
        if (!f.flush())
            return makeError(ErrorCode::Io, "cannot write " + htmlPath);
    }
    return {};
}

}  // namespace harrier::uireport
