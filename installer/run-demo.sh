#!/usr/bin/env bash
# A newcomer's first run: installs what Harrier needs, builds it, and runs its
# real job end to end on the demo scenario Harrier generates itself — a
# parliament's mail journal with a news-styled reconnaissance campaign and a
# Velociraptor collection of a web server with a webshell. Then opens the case
# in the GUI where there is a display (and not CI), and says where the PDF is.
#   installer/run-demo.sh [DIR]      (default ~/.local/share/Harrier/demo)
set -euo pipefail
cd "$(dirname "$0")/.."

installer/deps-debian.sh
# Tests are not needed to run the demo; the test command is the README's second.
cmake --preset release -DHARRIER_BUILD_TESTS=OFF
cmake --build --preset release -j"$(nproc)"

cli=build/release/app/harrier-cli
gui=build/release/app/harrier
dir="${1:-${XDG_DATA_HOME:-$HOME/.local/share}/Harrier/demo}"

status=0
"$cli" demo "$dir" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 4 ]; then
    echo "harrier-cli demo failed (exit $status); the log is $dir/demo.hcase.log" >&2
    exit "$status"
fi

echo
if [ -f "$dir/demo-summary.pdf" ]; then
    echo "PDF summary: $dir/demo-summary.pdf"
else
    echo "PDF summary: not written by this build (see the note above); the case is $dir/demo.hcase"
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${CI:-}" ] && [ -x "$gui" ]; then
    echo "Opening the case in Harrier ..."
    exec "$gui" "$dir/demo.hcase"
fi
echo "No display: open it later with  $gui $dir/demo.hcase"
exit "$status"
