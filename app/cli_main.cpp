// harrier-cli: the CLI library plus, when the GUI stack is built, the report
// renderer as a module loaded only when a report is rendered (see
// report_module_loader.cpp), so every other command starts without Qt.
#include "cli/cli.h"

#ifdef HARRIER_CLI_REPORT_MODULE
#include "app/report_module_loader.h"
#endif

int main(int argc, char **argv) {
#ifdef HARRIER_CLI_REPORT_MODULE
    harrier::app::registerReportModule(argc, argv);
    const int rc = harrier::cli::main(argc, argv);
    harrier::app::unregisterReportModule();
    return rc;
#else
    return harrier::cli::main(argc, argv);
#endif
}
