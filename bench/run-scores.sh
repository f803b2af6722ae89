#!/usr/bin/env bash
# Rescoring and ranking at scale (issue 5): product SCO with FEATURES
# weighted-scored features (1,000,000 by default), three criteria, every
# feature rated on each. One run measures, RUNS times each (median):
#   keel_rescore  keel criterion edit 2 --weight W: the new weight and its audit
#                 record in one transaction (process start to exit); weighted
#                 scores are computed when read, so no score row is rewritten
#   keel_rank     keel feature rank --product SCO --by weighted --limit 50:
#                 every score computed from the values in one pass, the best
#                 50 (and their ties) read in full
#   sqlite_rescore / sqlite_rank  the sqlite3 shell writing the same weight,
#                 then computing every score with SUM ... GROUP BY and the
#                 same ORDER BY (same pragmas: WAL, synchronous=NORMAL, 8 MiB
#                 page cache): the reference
#   bare          a plain C loop over the values already in memory (the
#                 arithmetic and the best 50, no database): the floor
# Each run uses a new weight, so every run really changes every score; the
# weight is set back to 2 at the end.
#
# usage: bench/run-scores.sh [--regen]  (env: RUNS=3 FEATURES=1000000)
# Output: bench/out/scores/results.txt (raw) and a Markdown table on standard output.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=$root/bench/out/scores
mkdir -p "$out"
RUNS=${RUNS:-3}
FEATURES=${FEATURES:-1000000}
[ -f build-bench/build.ninja ] || meson setup build-bench --buildtype=release >/dev/null
ninja -C build-bench src/keel bench/keel-bench-gen-scores >/dev/null
keel=$root/build-bench/src/keel
db=$out/scores.db
if [ "${1:-}" = "--regen" ] || [ ! -f "$db" ]; then
  rm -f "$db" "$db-wal" "$db-shm"
  build-bench/bench/keel-bench-gen-scores "$db" "$FEATURES"
fi
results=$out/results.txt
: >"$results"
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), load $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$results"
echo "features $(sqlite3 "$db" "SELECT COUNT(*) FROM feature_scores WHERE framework = 'weighted'")" | tee -a "$results"

ms() { echo $(( ($2 - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

rescore_sql() { # the write a new weight makes: weighted scores are computed when read
  cat <<SQL
PRAGMA synchronous=NORMAL; PRAGMA cache_size=-8192; PRAGMA foreign_keys=ON;
BEGIN IMMEDIATE;
UPDATE criteria SET weight = $1, version = version + 1 WHERE id = 2;
COMMIT;
SQL
}
# The reference ranking: SQLite computing every weighted score from the values
# and the current weights, best 50 first (the same work as Keel's ranking).
rank_sql="PRAGMA cache_size=-8192; SELECT v.feature_id, SUM(c.weight * v.value) / (SELECT SUM(weight) FROM criteria WHERE product_id = 1) AS s FROM feature_criterion_values v JOIN criteria c ON c.id = v.criterion_id WHERE c.product_id = 1 GROUP BY v.feature_id ORDER BY s DESC, v.feature_id LIMIT 50;"

: >"$out/keel_rescore" ; : >"$out/keel_rank" ; : >"$out/sqlite_rescore" ; : >"$out/sqlite_rank"
for i in $(seq 1 "$RUNS"); do
  w=$(awk -v i="$i" 'BEGIN{print 2 + i / 2}')
  t0=$(date +%s%N); "$keel" --db "$db" criterion edit 2 --weight "$w" >/dev/null; t1=$(date +%s%N)
  "$keel" --db "$db" --json feature rank --product SCO --by weighted --limit 50 >"$out/keel_rank.json"; t2=$(date +%s%N)
  ms "$t0" "$t1" >>"$out/keel_rescore"; ms "$t1" "$t2" >>"$out/keel_rank"
  w=$(awk -v i="$i" 'BEGIN{print 2.25 + i / 2}')
  t0=$(date +%s%N); rescore_sql "$w" | sqlite3 "$db" >/dev/null; t1=$(date +%s%N)
  sqlite3 "$db" "$rank_sql" >"$out/sqlite_rank.txt"; t2=$(date +%s%N)
  ms "$t0" "$t1" >>"$out/sqlite_rescore"; ms "$t1" "$t2" >>"$out/sqlite_rank"
done
# The last reference run left the weight at 2.25 + RUNS/2: the C loop uses the same.
bare=$(build-bench/bench/keel-bench-gen-scores --bare "$db" "$(awk -v i="$RUNS" 'BEGIN{print 2.25 + i / 2}')")
echo "bare $bare" | tee -a "$results"
top_sqlite=$(head -1 "$out/sqlite_rank.txt" | cut -d'|' -f1)
top_bare=$(echo "$bare" | awk '{print $4}')
[ "$top_sqlite" = "$top_bare" ] || echo "bench: the reference and the C loop disagree on the best feature ($top_sqlite, $top_bare)" >&2
"$keel" --db "$db" criterion edit 2 --weight 2 >/dev/null
for m in keel_rescore keel_rank sqlite_rescore sqlite_rank; do
  echo "$m $(median <"$out/$m") ms (runs: $(tr '\n' ' ' <"$out/$m"))" | tee -a "$results"
done

awk -v features="$FEATURES" '
  $1=="keel_rescore"{kr=$2} $1=="keel_rank"{kk=$2} $1=="sqlite_rescore"{sr=$2} $1=="sqlite_rank"{sk=$2} $1=="bare"{b=$3}
  END {
    printf "\n| rescore and rank %d weighted-scored features | rescore | rank (best 50) | total | ratio to sqlite3 |\n|---|---:|---:|---:|---:|\n", features
    printf "| keel (CLI, process start to exit) | %d ms | %d ms | %d ms | %.2f |\n", kr, kk, kr + kk, (kr + kk) / (sr + sk)
    printf "| sqlite3 shell: the weight, then every score computed in SQL | %d ms | %d ms | %d ms | 1.00 |\n", sr, sk, sr + sk
    printf "| plain C loop, values in memory | | | %.1f ms | %.3f |\n", b, b / (sr + sk)
  }' "$results"
