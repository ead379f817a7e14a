#pragma once

namespace harrier::ui {
/// The GUI program: parses its arguments (an optional case path), shows the main window.
int runApplication(int argc, char **argv);
}  // namespace harrier::ui
