#!/usr/bin/env bash
# Collection-zip ingest: harrier-cli ingest (decompress, MD5/SHA-1/SHA-256,
# store metadata and blobs, parse) vs `bsdtar -xOf zip > /dev/null`
# (decompress only) over the same zip in the same run, alternating, median of
# 3 each. The zip is built here from corpus copies (EVTX, endpoint triage,
# PST/MSG, mail) so no large fixture lives in the repository. Goal >= 0.5.
# Usage: bench_collection_zip.sh HARRIER_CLI [CORPUS_DIR] [COPIES]
set -euo pipefail
cli=$1
corpus=${2:-$(dirname "$0")/../../../shared/corpus}
copies=${3:-3}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for i in $(seq 1 "$copies"); do
    # Each copy under its own folder, like several hosts' triage in one zip.
    mkdir -p "$tmp/tree/host$i"
    for d in evtx endpoint_triage outlook_pst_msg email_mimekit email_phishing_pot email_parser_testsuites; do
        cp -r "$corpus/$d" "$tmp/tree/host$i/"
    done
done
(cd "$tmp/tree" && bsdtar --format zip -cf "$tmp/collection.zip" .)
raw=$(du -sb "$tmp/tree" | cut -f1); zipped=$(stat -c %s "$tmp/collection.zip")
entries=$(bsdtar -tf "$tmp/collection.zip" | grep -vc '/$' || true)
rm -rf "$tmp/tree"
now() { date +%s.%N; }
ref=(); har=()
for run in 1 2 3; do
    s=$(now); bsdtar -xOf "$tmp/collection.zip" >/dev/null; ref+=("$(echo "$(now) - $s" | bc)")
    rm -f "$tmp/b.hcase"*; "$cli" case new "$tmp/b.hcase" --name bench >/dev/null
    s=$(now); "$cli" ingest "$tmp/b.hcase" "$tmp/collection.zip" >/dev/null 2>&1 || true
    har+=("$(echo "$(now) - $s" | bc)")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
r=$(median "${ref[@]}"); h=$(median "${har[@]}")
echo "zip=${zipped}B uncompressed=${raw}B files=${entries} copies=$copies"
echo "bsdtar runs: ${ref[*]}  harrier runs: ${har[*]}"
echo "median bsdtar=${r}s harrier=${h}s ratio(harrier/bsdtar throughput)=$(echo "scale=2; $r / $h" | bc)"
