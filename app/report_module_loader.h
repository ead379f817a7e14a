#pragma once
/// Loads the report renderer module (libharrier-report.so, Qt Gui) the first
/// time `report` renders, and registers it with core/cli.

namespace harrier::app {

/// Registers a renderer that loads the module on first use; `argc`/`argv`
/// must outlive unregisterReportModule() (Qt keeps them).
void registerReportModule(int &argc, char **argv);
/// Unregisters it and, if it was loaded, shuts its Qt down.
void unregisterReportModule();

}  // namespace harrier::app
