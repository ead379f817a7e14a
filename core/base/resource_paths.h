#pragma once
/// Where Harrier finds what it ships (the default rule packs) and where the
/// demo case lives. One function each, so the CLI, the GUI and the package
/// agree on the paths.

#include <filesystem>

namespace harrier {

/// The default rule packs (`yara/`, `ioc/`), first found of:
/// $HARRIER_RULES_DIR; <executable>/../share/harrier/rules (an installed
/// package: /usr/bin → /usr/share/harrier/rules); /usr/share/harrier/rules;
/// the source tree's resources/rules (a build tree). Empty when none exists.
std::filesystem::path defaultRulesDir();

/// Folder of the demo scenario: $XDG_DATA_HOME/Harrier/demo, else
/// ~/.local/share/Harrier/demo.
std::filesystem::path defaultDemoDir();

/// The demo case the GUI opens with `harrier --demo`: $HARRIER_DEMO_CASE when
/// set, else defaultDemoDir()/demo.hcase.
std::filesystem::path defaultDemoCase();

}  // namespace harrier
