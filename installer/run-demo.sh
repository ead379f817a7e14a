#!/usr/bin/env bash
# A newcomer's first run: installs what Harrier needs, builds it, and runs the
# main job end to end with harrier-cli on a folder of evidence.
#   installer/run-demo.sh [EVIDENCE_DIR]
# Without an argument it uses the shared corpus's plaso test data when present,
# else this project's own docs/ folder as a stand-in.
set -euo pipefail
cd "$(dirname "$0")/.."

installer/deps-debian.sh
cmake --preset release
cmake --build --preset release -j"$(nproc)"

cli=build/release/app/harrier-cli
evidence="${1:-}"
if [ -z "$evidence" ]; then
    if [ -d ../shared/corpus/endpoint_triage/plaso_test_data ]; then
        evidence=../shared/corpus/endpoint_triage/plaso_test_data
    else
        evidence=docs
    fi
fi

out=build/demo
mkdir -p "$out"
case_file="$out/first-run.hcase"
rm -f "$case_file" "$case_file".log
"$cli" case new "$case_file" --name "First run" --analyst "${USER:-analyst}"
status=0
"$cli" ingest "$case_file" "$evidence" || status=$?
"$cli" stats "$case_file"
"$cli" timeline "$case_file" --format timesketch --out "$out/timeline.jsonl"
echo
echo "Case: $case_file   Timeline (Timesketch JSONL): $out/timeline.jsonl"
exit "$status"
