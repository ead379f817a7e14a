#pragma once
/// Lays the report HTML out on A4 pages with QTextDocument and paints each
/// page onto a QPdfWriter with a header (marking, case, title) and a footer
/// (marking, "Page N of M"). QTextDocument paginates tables between rows and
/// repeats their <thead> on every page, so long tables break cleanly.

#include <QImage>
#include <QString>

#include "base/result.h"
#include "report/report_model.h"

namespace harrier::uireport {

Result<void> writeReportPdf(const report::ReportData &data, const QString &html, const QImage &chart,
                            const QString &path);

}  // namespace harrier::uireport
