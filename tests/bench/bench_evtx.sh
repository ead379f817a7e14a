#!/usr/bin/env bash
# EVTX ingest: harrier-cli vs evtxexport (libevtx-utils) over the same corpus
# files in the same run. Prints records/s for both and the ratio (goal >= 0.8).
# Usage: bench_evtx.sh HARRIER_CLI [CORPUS_EVTX_DIR]
set -euo pipefail
cli=$1
dir=${2:-$(dirname "$0")/../../../shared/corpus/evtx}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
records=0
start=$(date +%s.%N)
while IFS= read -r -d '' f; do
    n=$(evtxexport -m all "$f" </dev/null 2>/dev/null | grep -c '^Event number' || true)
    records=$((records + n))
done < <(find "$dir" -name '*.evtx' -print0)
t_ref=$(echo "$(date +%s.%N) - $start" | bc)
"$cli" case new "$tmp/b.hcase" --name bench >/dev/null
start=$(date +%s.%N)
"$cli" ingest "$tmp/b.hcase" "$dir" >/dev/null || true
t_h=$(echo "$(date +%s.%N) - $start" | bc)
echo "records=$records evtxexport=${t_ref}s harrier=${t_h}s ratio(harrier/evtxexport records/s)=$(echo "scale=2; $t_ref / $t_h" | bc)"
