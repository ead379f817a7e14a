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
#
# Raw libpff anchor, same runs, same alternation: bench_pst_libpff_loop
# (tests/bench/bench_pst_libpff_loop.cpp) opens the PST with libpff, walks the
# folder tree and reads every item's values, bodies, recipients and attachments,
# nothing else ("loop"); "rec" adds libpff's recovery scan after the walk and
# reads the recovered items (--recover); "rec2" runs that scan on a second
# handle and thread beside the walk, as Harrier does (--recover-thread). One
# process per run, and the K copies in one process, like Harrier. loop items/s /
# readpst items/s is what stock libpff reaches reading this much and nothing else
# (not a hard ceiling: libpff's named-property lookups can be memoised, as Harrier
# does); harrier / loop shows how far Harrier is from the raw library.
# LOOP defaults to the build tree's program next to the cli
# (CLI/../tests/bench/bench_pst_libpff_loop); without it these lines are left out.
# Usage: bench_pst.sh HARRIER_CLI [PST] [RUNS] [K] [LOOP]
set -euo pipefail
cli=$1
pst=${2:-$(dirname "$0")/../../../shared/corpus/outlook_pst_msg/pst/velociraptor/Outlook.pst}
runs=${3:-21}
k=${4:-10}
loop=${5:-$(dirname "$cli")/../tests/bench/bench_pst_libpff_loop}
if [ ! -x "$loop" ]; then
    echo "note: no raw libpff loop at $loop (build target bench_pst_libpff_loop): its lines are left out" >&2
    loop=
fi
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
: >"$tmp/l"; : >"$tmp/lr"; : >"$tmp/lt"; : >"$tmp/lk"; : >"$tmp/lrk"; : >"$tmp/ltk"
# loop_items FILE: the items= count the loop printed.
loop_items() { sed -n 's/^items=\([0-9]*\) .*/\1/p' "$1"; }
for i in $(seq "$runs"); do
    rm -rf "$tmp/rp" "$tmp/c.hcase"*; mkdir "$tmp/rp"
    s=$(now); readpst -q -e -D -o "$tmp/rp" "$pst" >/dev/null 2>&1; e=$(now)
    echo "$e - $s" | bc >>"$tmp/r"
    "$cli" case new "$tmp/c.hcase" --name bench >/dev/null
    s=$(now); "$cli" ingest "$tmp/c.hcase" "$pst" >/dev/null || true; e=$(now)
    echo "$e - $s" | bc >>"$tmp/h"
    msgs_h=$(sqlite3 "file:$tmp/c.hcase?mode=ro" "$items_sql")
    if [ -n "$loop" ]; then
        s=$(now); "$loop" --quiet "$pst" >"$tmp/lo" || true; e=$(now)
        echo "$e - $s" | bc >>"$tmp/l"
        s=$(now); "$loop" --quiet --recover "$pst" >"$tmp/lro" || true; e=$(now)
        echo "$e - $s" | bc >>"$tmp/lr"
        s=$(now); "$loop" --quiet --recover-thread "$pst" >"$tmp/lto" || true; e=$(now)
        echo "$e - $s" | bc >>"$tmp/lt"
    fi
    # K conversions / K PSTs into one case (readpst's output dirs made before the clock starts).
    rm -rf "$tmp/rpk"; for j in $(seq "$k"); do mkdir -p "$tmp/rpk/$j"; done
    s=$(now)
    for j in $(seq "$k"); do readpst -q -e -D -o "$tmp/rpk/$j" "$pst" >/dev/null 2>&1; done
    e=$(now); echo "$e - $s" | bc >>"$tmp/rk"
    rm -rf "$tmp/k.hcase"*; "$cli" case new "$tmp/k.hcase" --name bench >/dev/null
    s=$(now); "$cli" ingest "$tmp/k.hcase" "${copies[@]}" >/dev/null || true; e=$(now)
    echo "$e - $s" | bc >>"$tmp/hk"
    msgs_hk=$(sqlite3 "file:$tmp/k.hcase?mode=ro" "$items_sql")
    if [ -n "$loop" ]; then
        s=$(now); "$loop" --quiet "${copies[@]}" >"$tmp/lko" || true; e=$(now)
        echo "$e - $s" | bc >>"$tmp/lk"
        s=$(now); "$loop" --quiet --recover "${copies[@]}" >"$tmp/lrko" || true; e=$(now)
        echo "$e - $s" | bc >>"$tmp/lrk"
        s=$(now); "$loop" --quiet --recover-thread "${copies[@]}" >"$tmp/ltko" || true; e=$(now)
        echo "$e - $s" | bc >>"$tmp/ltk"
    fi
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
if [ -n "$loop" ]; then
    # For each variant v (l, lr, lt): items n_v, medians t_v (one PST) and tk_v (K copies).
    for v in l lr lt; do
        eval "n_$v=\$(loop_items \"\$tmp/${v}o\")"; eval "nk_$v=\$(loop_items \"\$tmp/${v}ko\")"
        eval "t_$v=\$(median <\"\$tmp/$v\")"; eval "tk_$v=\$(median <\"\$tmp/${v}k\")"
    done
    # per_s N T: items/s; marg TK T N: marginal ms/item.
    per_s() { echo "scale=2; $1 / $2" | bc; }
    marg() { echo "scale=3; 1000 * ($1 - $2) / (($k - 1) * $3)" | bc; }
    echo "raw libpff loop ($(basename "$loop"): open, walk, read every value, body, recipient, attachment; nothing else):"
    echo "  items: readpst $msgs_r, harrier $msgs_h, loop $n_l, loop+rec $n_lr, loop+rec2 $n_lt; K copies: harrier $msgs_hk, loop $nk_l, loop+rec $nk_lr, loop+rec2 $nk_lt"
    echo "  loop --recover's own counts: $(cat "$tmp/lro")"
    echo "  per run:  loop ${t_l}s ($(per_s "$n_l" "$t_l") items/s), loop+rec (scan after walk) ${t_lr}s ($(per_s "$n_lr" "$t_lr")), loop+rec2 (scan on 2nd thread) ${t_lt}s ($(per_s "$n_lt" "$t_lt"))"
    echo "  K=$k, one process: loop ${tk_l}s, marginal $(marg "$tk_l" "$t_l" "$n_l") ms/item; loop+rec ${tk_lr}s, $(marg "$tk_lr" "$t_lr" "$n_lr"); loop+rec2 ${tk_lt}s, $(marg "$tk_lt" "$t_lt" "$n_lt")"
    echo "  ratio vs readpst, per run (loop items/s / readpst items/s):   loop $(ratio "($n_l / $t_l) / ($msgs_r / $t_r)"), loop+rec $(ratio "($n_lr / $t_lr) / ($msgs_r / $t_r)"), loop+rec2 $(ratio "($n_lt / $t_lt) / ($msgs_r / $t_r)")"
    echo "  ratio vs readpst, marginal (readpst ms/item / loop ms/item): loop $(ratio "(($t_rk - $t_r) / $msgs_r) / (($tk_l - $t_l) / $n_l)"), loop+rec $(ratio "(($t_rk - $t_r) / $msgs_r) / (($tk_lr - $t_lr) / $n_lr)"), loop+rec2 $(ratio "(($t_rk - $t_r) / $msgs_r) / (($tk_lt - $t_lt) / $n_lt)")"
    echo "  harrier vs loop, per run (harrier items/s / loop items/s):    loop $(ratio "($msgs_h / $t_h) / ($n_l / $t_l)"), loop+rec $(ratio "($msgs_h / $t_h) / ($n_lr / $t_lr)"), loop+rec2 $(ratio "($msgs_h / $t_h) / ($n_lt / $t_lt)")"
    echo "  harrier vs loop, marginal (loop ms/item / harrier ms/item):  loop $(ratio "(($tk_l - $t_l) / $n_l) / (($t_hk - $t_h) / $msgs_h)"), loop+rec $(ratio "(($tk_lr - $t_lr) / $n_lr) / (($t_hk - $t_h) / $msgs_h)"), loop+rec2 $(ratio "(($tk_lt - $t_lt) / $n_lt) / (($t_hk - $t_h) / $msgs_h)")"
fi
