#pragma once
/// Entry point of the report rendering: PDF and/or HTML from a ReportData.
/// Needs a QGuiApplication (the CLI creates one on the offscreen platform).

#include <string>

#include "base/result.h"
#include "report/report_model.h"

namespace harrier::uireport {

Result<void> renderReport(const report::ReportData &data, const std::string &pdfPath, const std::string &htmlPath);

}  // namespace harrier::uireport
