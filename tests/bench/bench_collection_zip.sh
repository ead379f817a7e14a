#!/usr/bin/env bash
# Collection-zip ingest: harrier-cli ingest (decompress, MD5/SHA-1/SHA-256,
# store metadata and blobs, parse) vs `bsdtar -xOf zip > /dev/null`
# (decompress only) over the same zip in the same run, alternating, median of
# 3 each. The zip is built here from corpus copies (EVTX, endpoint triage,
# PST/MSG, mail) so no large fixture lives in the repository. Goal >= 0.5.
#
# It also measures, in the same run, a lower bound for any ingest of this zip
# on this machine: the CPU time of independent tools doing only part of the
# mandated work -- bsdtar inflating it, openssl computing the three digests of
# the uncompressed bytes, evtxexport (libevtx, the library the issue names)
# decoding its event logs, less evtxexport's per-process start-up -- divided by
# the number of cores. No ingest that does at least that work can be faster,
# so bsdtar's time over that bound is the best ratio reachable here.
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
now() { date +%s.%N; }
# CPU seconds (user + system) of a command, on stdout; its own output discarded.
cpu() { local t; t=$( { TIMEFORMAT='%U %S'; time "$@" >/dev/null 2>&1; } 2>&1 ) || true; echo "$t" | awk '{print $1 + $2}'; }
ref=(); har=(); refcpu=()
for run in 1 2 3; do
    s=$(now); bsdtar -xOf "$tmp/collection.zip" >/dev/null; ref+=("$(echo "$(now) - $s" | bc)")
    refcpu+=("$(cpu bsdtar -xOf "$tmp/collection.zip")")
    rm -f "$tmp/b.hcase"*; "$cli" case new "$tmp/b.hcase" --name bench >/dev/null
    s=$(now); "$cli" ingest "$tmp/b.hcase" "$tmp/collection.zip" >/dev/null 2>&1 || true
    har+=("$(echo "$(now) - $s" | bc)")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
r=$(median "${ref[@]}"); h=$(median "${har[@]}")
echo "zip=${zipped}B uncompressed=${raw}B files=${entries} copies=$copies load=$(cut -d' ' -f1-3 /proc/loadavg)"
echo "bsdtar runs: ${ref[*]}  harrier runs: ${har[*]}"
echo "median bsdtar=${r}s harrier=${h}s ratio(harrier/bsdtar throughput)=$(echo "scale=3; $r / $h" | bc)"

# The lower bound (page cache warm: every file was just read).
cores=$(nproc)
inflate=$(median "${refcpu[@]}")
digests=0
for alg in md5 sha1 sha256; do
    c=$(cpu bash -c "find '$tmp/tree' -type f -print0 | xargs -0 openssl dgst -$alg")
    digests=$(echo "$digests + $c" | bc)
done
mapfile -d '' logs < <(find "$tmp/tree" -type f -iname '*.evtx' -print0)
: >"$tmp/empty.evtx"
evtx=$(cpu bash -c 'for f in "$@"; do evtxexport -m all "$f"; done' _ "${logs[@]}")
startup=$(cpu bash -c 'for i in $(seq "$1"); do evtxexport "$2"; done' _ "${#logs[@]}" "$tmp/empty.evtx")
evtxnet=$(echo "$evtx - $startup" | bc)
floor=$(echo "scale=3; ($inflate + $digests + $evtxnet) / $cores" | bc)
echo "lower bound, CPU seconds: inflate (bsdtar) $inflate + 3 digests (openssl) $digests + ${#logs[@]} event logs (evtxexport $evtx less start-up $startup) $evtxnet, over $cores cores = ${floor}s"
echo "best ratio reachable on this machine = bsdtar ${r}s / ${floor}s = $(echo "scale=3; $r / $floor" | bc)  (Harrier reaches $(echo "scale=3; $r / $h" | bc))"
