// `report` (PDF/HTML summary through the registered renderer) and
// `findings` (CSV/JSONL/Timesketch rows of the same findings).
#include <fstream>

#include "cli/commands.h"
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
    auto args = Args::parse(tokens, {{"--pdf", "--html", "--marking", "--analyst", "--log-level"},
                                     {"--ignore-manifest", "--json"}});
    if (!args)
        return usageError(ctx, args.error().message);
    if (args->positional().size() != 1)
        return usageError(ctx, "report takes exactly one CASE path");
    ReportOutputs outputs{args->value("--pdf").value_or(""), args->value("--html").value_or("")};
    if (outputs.pdfPath.empty() && outputs.htmlPath.empty())
        return usageError(ctx, "report needs --pdf OUT.pdf and/or --html OUT.html");
    if (!renderer())
        return reportError(ctx, makeError(ErrorCode::Unsupported,
                                          "this harrier-cli was built without the report renderer (Qt Gui)"));
    setupLogging(*args, {});
    auto db = casestore::CaseDb::open(args->positional()[0], casestore::OpenMode::ReadOnly, openOptions(*args));
    if (!db) {
        ctx.err << "harrier-cli: " << db.error().message << "\n";
        return kExitCaseRefused;
    }
    report::ReportOptions options;
    options.marking = args->value("--marking").value_or("TLP:AMBER");
    options.analyst = currentAnalyst(*args);
    options.harrierVersion = kVersion;
    auto data = report::ReportBuilder(**db).build(options);
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
    auto args = Args::parse(tokens, {{"--format", "--out", "--log-level"}, {"--ignore-manifest"}});
    if (!args)
        return usageError(ctx, args.error().message);
    if (args->positional().size() != 1)
        return usageError(ctx, "findings takes exactly one CASE path");
    const auto format = report::parseFindingsFormat(args->value("--format").value_or("jsonl"));
    if (!format)
        return usageError(ctx, "--format is one of csv, jsonl, timesketch");
    setupLogging(*args, {});
    auto db = casestore::CaseDb::open(args->positional()[0], casestore::OpenMode::ReadOnly, openOptions(*args));
    if (!db) {
        ctx.err << "harrier-cli: " << db.error().message << "\n";
        return kExitCaseRefused;
    }
    report::ReportOptions options;
    options.maxItemsPerFinding = static_cast<std::size_t>(-1);  // data exports are complete
    auto data = report::ReportBuilder(**db).build(options);
    if (!data)
        return reportError(ctx, data.error());
    std::ofstream file;
    std::ostream *out = &ctx.out;
    if (auto path = args->value("--out")) {
        file.open(*path, std::ios::binary | std::ios::trunc);
        if (!file)
            return reportError(ctx, makeError(ErrorCode::Io, "cannot write " + *path));
        out = &file;
    }
    auto rows = report::exportFindings(*data, *format, *out);
    if (!rows)
        return reportError(ctx, rows.error());
    if (file.is_open())
        ctx.err << "wrote " << *rows << " findings rows to " << *args->value("--out") << "\n";
    return kExitOk;
}

}  // namespace harrier::cli
