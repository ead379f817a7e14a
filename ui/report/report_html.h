#pragma once
/// The report as HTML. One builder serves both outputs: the PDF lays this
/// HTML out with QTextDocument (which understands a subset of HTML/CSS, so
/// the markup stays within it), the .html file gets the same body plus a
/// stylesheet for browsers. Same content either way.

#include <QColor>
#include <QString>

#include "report/report_model.h"

namespace harrier::uireport {

struct HtmlOptions {
    bool forBrowser = false;  ///< add <head>, stylesheet, marking banners
    QString chartSrc;         ///< image source of the activity chart
};

QString buildReportHtml(const report::ReportData &data, const HtmlOptions &options);

/// Colours of a marking: TLP:RED/AMBER/GREEN/CLEAR per FIRST TLP 2.0.
QColor markingColor(const QString &marking);

}  // namespace harrier::uireport
