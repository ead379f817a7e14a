#pragma once
/// The seam between harrier-cli (no Qt) and the report renderer (ui/report,
/// Qt Gui). app/cli_main.cpp registers a renderer; core/cli only calls it,
/// so the CLI library and its tests stay free of Qt, and the GUI stack is
/// only started (offscreen) when a report is actually rendered.

#include <functional>
#include <string>

#include "base/result.h"
#include "report/report_model.h"

namespace harrier::cli {

struct ReportOutputs {
    std::string pdfPath;   ///< empty: no PDF
    std::string htmlPath;  ///< empty: no HTML
};

using ReportRenderer = std::function<Result<void>(const report::ReportData &, const ReportOutputs &)>;

/// Registers (or with an empty function, removes) the renderer `report` uses.
void setReportRenderer(ReportRenderer renderer);

}  // namespace harrier::cli
