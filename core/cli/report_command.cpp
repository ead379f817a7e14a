// `report` (PDF/HTML summary through the registered renderer) and
// `findings` (CSV/JSONL/Timesketch rows of the same findings).
#include "cli/commands.h"
#include "cli/output_target.h"
#include "cli/report_hook.h"
#include "harrier/version.h"
#include "report/findings_export.h"
#include "report/report_builder.h"

namespace harrier::cli {

namespace {

ReportRenderer &renderer() {
    static ReportRenderer r;
    return r;
}

}  // namespace

void setReportRenderer(ReportRenderer r) { renderer() = std::move(r); }

int cmdReport(const std::vector<std::string> &tokens, Context &ctx) {
    int rc = kExitOk;
    auto args =
        parseCommandLine(ctx, tokens, {{"--pdf", "--html", "--marking", "--analyst"}, {"--ignore-manifest", "--json"}},
                         {1, 1, "report takes exactly one CASE path"}, rc);
    if (!args)
        return rc;
    ReportOutputs outputs{args->value("--pdf").value_or(""), args->value("--html").value_or("")};
    if (outputs.pdfPath.empty() && outputs.htmlPath.empty())
        return usageError(ctx, "report needs --pdf OUT.pdf and/or --html OUT.html");
    if (!renderer())
        return reportError(ctx, makeError(ErrorCode::Unsupported,
                                          "this harrier-cli was built without the report renderer (Qt Gui)"));
    auto db = openCaseToRead(ctx, *args, rc);
    if (!db)
        return rc;
    report::ReportOptions options;
    options.marking = args->value("--marking").value_or("TLP:AMBER");
    options.analyst = currentAnalyst(*args);
    options.harrierVersion = kVersion;
    auto data = report::ReportBuilder(*db).build(options);
    if (!data)
        return reportError(ctx, data.error());
    if (auto r = renderer()(*data, outputs); !r)
        return reportError(ctx, r.error());
    if (args->flag("--json")) {
        ctx.out << dumpJson({{"pdf", outputs.pdfPath},
                             {"html", outputs.htmlPath},
                             {"case_sha256", data->caseSha256},
                             {"findings", data->summary.hits},
                             {"evidence", data->summary.evidence}})
                << "\n";
    } else {
        for (const auto &p : {outputs.pdfPath, outputs.htmlPath})
            if (!p.empty())
                ctx.out << "Wrote " << p << "\n";
    }
    return kExitOk;
}

int cmdFindings(const std::vector<std::string> &tokens, Context &ctx) {
    int rc = kExitOk;
    auto args = parseCommandLine(ctx, tokens, {{"--format", "--out"}, {"--ignore-manifest"}},
                                 {1, 1, "findings takes exactly one CASE path"}, rc);
    if (!args)
        return rc;
    const auto format = report::parseFindingsFormat(args->value("--format").value_or("jsonl"));
    if (!format)
        return usageError(ctx, "--format is one of csv, jsonl, timesketch");
    auto db = openCaseToRead(ctx, *args, rc);
    if (!db)
        return rc;
    report::ReportOptions options;
    options.maxItemsPerFinding = static_cast<std::size_t>(-1);  // data exports are complete
    auto data = report::ReportBuilder(*db).build(options);
    if (!data)
        return reportError(ctx, data.error());
    OutputTarget out(ctx);
    if (!out.open(*args, rc))
        return rc;
    auto rows = report::exportFindings(*data, *format, out.stream());
    if (!rows)
        return reportError(ctx, rows.error());
    out.reportWritten(*rows, "findings rows");
    return kExitOk;
}

}  // namespace harrier::cli
