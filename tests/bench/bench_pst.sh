#!/usr/bin/env bash
# PST ingest: harrier-cli vs readpst (pst-utils) converting the same PST in
# the same run. The corpus' largest PST is ~3.3 MB (Outlook.pst, 17 items),
# so each tool runs RUNS times alternately and the medians are compared:
# per-message cost and messages/second, ratio = harrier msg/s / readpst msg/s
# (goal >= 1.0). Both include process start-up; Harrier also writes a case
# (SQLite, blobs, FTS) and runs recovery, readpst only writes .eml files.
# Usage: bench_pst.sh HARRIER_CLI [PST] [RUNS]
set -euo pipefail
cli=$1
pst=${2:-$(dirname "$0")/../../../shared/corpus/outlook_pst_msg/pst/velociraptor/Outlook.pst}
runs=${3:-21}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
now() { date +%s.%N; }
: >"$tmp/h"; : >"$tmp/r"
for i in $(seq "$runs"); do
    rm -rf "$tmp/rp" "$tmp/c.hcase"*; mkdir "$tmp/rp"
    s=$(now); readpst -q -e -D -o "$tmp/rp" "$pst" >/dev/null 2>&1; e=$(now)
    echo "$e - $s" | bc >>"$tmp/r"
    "$cli" case new "$tmp/c.hcase" --name bench >/dev/null
    s=$(now); "$cli" ingest "$tmp/c.hcase" "$pst" >/dev/null || true; e=$(now)
    echo "$e - $s" | bc >>"$tmp/h"
done
msgs_r=$(find "$tmp/rp" -type f | wc -l)
msgs_h=$(sqlite3 "file:$tmp/c.hcase?mode=ro" "select count(*) from objects o where kind in ('email','calendar_item','contact','task','note','distribution_list','journal_entry') and exists (select 1 from attributes a where a.object_id=o.id and a.name='folder_path' and a.text_value not like '/(%')")
t_r=$(median <"$tmp/r"); t_h=$(median <"$tmp/h")
echo "pst=$(basename "$pst") size=$(stat -c %s "$pst") runs=$runs"
echo "readpst: $msgs_r items, median ${t_r}s, $(echo "scale=2; $msgs_r / $t_r" | bc) items/s, $(echo "scale=2; 1000 * $t_r / $msgs_r" | bc) ms/item"
echo "harrier: $msgs_h items, median ${t_h}s, $(echo "scale=2; $msgs_h / $t_h" | bc) items/s, $(echo "scale=2; 1000 * $t_h / $msgs_h" | bc) ms/item"
echo "ratio (harrier items/s / readpst items/s) = $(echo "scale=2; ($msgs_h / $t_h) / ($msgs_r / $t_r)" | bc)"
