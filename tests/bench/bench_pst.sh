#!/usr/bin/env bash
# PST ingest: harrier-cli vs readpst (pst-utils) converting the same PST in
# the same run. The corpus' largest PST is ~3.3 MB (Outlook.pst, 17 items),
# so each tool runs RUNS times alternately and the medians are compared:
# per-message cost and messages/second, ratio = harrier msg/s / readpst msg/s
# (goal >= 1.0). Both include process start-up; Harrier also writes a case
# (SQLite, blobs, FTS) and runs recovery, readpst only writes .eml files.
#
# A 17-item file mostly measures start-up, so a second measurement gives the
# marginal cost per item: Harrier ingests K copies of the PST (in a temp dir)
# into ONE case in one process, readpst converts the PST K times (it takes
# one file per process); marginal = (time for K - time for 1) / ((K-1) * items),
# medians over RUNS. Harrier's copies are byte-identical, so their container
# blobs deduplicate by SHA-256 (compression still runs on each).
# Usage: bench_pst.sh HARRIER_CLI [PST] [RUNS] [K]
set -euo pipefail
cli=$1
pst=${2:-$(dirname "$0")/../../../shared/corpus/outlook_pst_msg/pst/velociraptor/Outlook.pst}
runs=${3:-21}
k=${4:-10}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# bc's scale applies to every intermediate quotient: with scale=2 the marginal
# ratio's two per-item costs (~0.02 s) were cut to .01/.02 before dividing, so it
# could only print .33, .50, .66, 1.00... Compute at 6 digits, print 2.
ratio() { LC_ALL=C printf '%.2f' "$(echo "scale=6; $1" | bc)"; }
now() { date +%s.%N; }
items_sql="select count(*) from objects o where kind in ('email','calendar_item','contact','task','note','distribution_list','journal_entry') and exists (select 1 from attributes a where a.object_id=o.id and a.name='folder_path' and a.text_value not like '/(%')"
mkdir "$tmp/copies"
copies=()
for i in $(seq "$k"); do cp "$pst" "$tmp/copies/$i.pst"; copies+=("$tmp/copies/$i.pst"); done
: >"$tmp/h"; : >"$tmp/r"; : >"$tmp/hk"; : >"$tmp/rk"
for i in $(seq "$runs"); do
    rm -rf "$tmp/rp" "$tmp/c.hcase"*; mkdir "$tmp/rp"
    s=$(now); readpst -q -e -D -o "$tmp/rp" "$pst" >/dev/null 2>&1; e=$(now)
    echo "$e - $s" | bc >>"$tmp/r"
    "$cli" case new "$tmp/c.hcase" --name bench >/dev/null
    s=$(now); "$cli" ingest "$tmp/c.hcase" "$pst" >/dev/null || true; e=$(now)
    echo "$e - $s" | bc >>"$tmp/h"
    msgs_h=$(sqlite3 "file:$tmp/c.hcase?mode=ro" "$items_sql")
    # K conversions / K PSTs into one case (readpst's output dirs made before the clock starts).
    rm -rf "$tmp/rpk"; for j in $(seq "$k"); do mkdir -p "$tmp/rpk/$j"; done
    s=$(now)
    for j in $(seq "$k"); do readpst -q -e -D -o "$tmp/rpk/$j" "$pst" >/dev/null 2>&1; done
    e=$(now); echo "$e - $s" | bc >>"$tmp/rk"
    rm -rf "$tmp/k.hcase"*; "$cli" case new "$tmp/k.hcase" --name bench >/dev/null
    s=$(now); "$cli" ingest "$tmp/k.hcase" "${copies[@]}" >/dev/null || true; e=$(now)
    echo "$e - $s" | bc >>"$tmp/hk"
    msgs_hk=$(sqlite3 "file:$tmp/k.hcase?mode=ro" "$items_sql")
done
msgs_r=$(find "$tmp/rp" -type f | wc -l)
t_r=$(median <"$tmp/r"); t_h=$(median <"$tmp/h"); t_rk=$(median <"$tmp/rk"); t_hk=$(median <"$tmp/hk")
echo "pst=$(basename "$pst") size=$(stat -c %s "$pst") runs=$runs k=$k load=$(cut -d' ' -f1-3 /proc/loadavg)"
echo "per run (one process, one PST, start-up included):"
echo "  readpst: $msgs_r items, median ${t_r}s, $(echo "scale=2; $msgs_r / $t_r" | bc) items/s, $(echo "scale=2; 1000 * $t_r / $msgs_r" | bc) ms/item"
echo "  harrier: $msgs_h items, median ${t_h}s, $(echo "scale=2; $msgs_h / $t_h" | bc) items/s, $(echo "scale=2; 1000 * $t_h / $msgs_h" | bc) ms/item"
echo "  ratio (harrier items/s / readpst items/s) = $(ratio "($msgs_h / $t_h) / ($msgs_r / $t_r)")"
echo "K=$k (readpst: K processes; harrier: K copies into one case, one process; $msgs_hk items stored):"
echo "  readpst: median ${t_rk}s, marginal $(echo "scale=3; 1000 * ($t_rk - $t_r) / (($k - 1) * $msgs_r)" | bc) ms/item"
echo "  harrier: median ${t_hk}s, marginal $(echo "scale=3; 1000 * ($t_hk - $t_h) / (($k - 1) * $msgs_h)" | bc) ms/item"
echo "  marginal ratio (readpst ms/item / harrier ms/item) = $(ratio "(($t_rk - $t_r) / $msgs_r) / (($t_hk - $t_h) / $msgs_h)")"
