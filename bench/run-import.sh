#!/usr/bin/env bash
# Importing feedback from CSV at scale (issue 4): N rows (1,000,000 by
# default) written by keel-bench-gen-feedback-csv (text of a few sentences,
# some quoted with commas, quotes and line breaks; customer, date, channel,
# tags), imported into a new SQLite workspace with
#   keel import feedback FILE --map text=text,customer=customer,date=date,channel=channel,tags=tags
# (one transaction; customers found or added, tags normalised, the full-text
# index kept by its triggers), against the reference: sqlite3's
# `.import --csv` of the same file into a plain table of a new database (no
# index, no checks). Both through /usr/bin/time: wall time, rows per second,
# peak RSS. The target is Keel at 40 % of the reference's rate or more, and a
# peak RSS that does not grow with the file.
#
# usage: bench/run-import.sh   (env: N=1000000 BUILD=build-import-bench)
# Output: bench/out/import/results.txt and lines for bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=$root/bench/out/import
mkdir -p "$out"
N=${N:-1000000}
BUILD=${BUILD:-build-import-bench}
if [ ! -d "$BUILD" ]; then meson setup "$BUILD" --buildtype=release >/dev/null; fi
ninja -C "$BUILD" src/keel bench/keel-bench-gen-feedback-csv >/dev/null
keel=$root/$BUILD/src/keel
csv=$out/feedback-$N.csv
[ -s "$csv" ] || "$root/$BUILD/bench/keel-bench-gen-feedback-csv" "$N" >"$csv"
bytes=$(stat -c %s "$csv")
rm -f "$out"/keel.db* "$out"/plain.db* "$out"/floor.db* "$out"/fts.db*

# Runs a command under /usr/bin/time; prints "seconds peak_kib".
timed() {
  /usr/bin/time -f '%e %M' -o "$out/time.txt" "$@" >"$out/last.out" 2>"$out/last.err" || {
    cat "$out/last.err" >&2
    return 1
  }
  cat "$out/time.txt"
}

"$keel" --db "$out/keel.db" init >/dev/null
read -r k_s k_kib < <(timed "$keel" --db "$out/keel.db" import feedback "$csv" \
  --map text=text,customer=customer,date=date,channel=channel,tags=tags)
cat "$out/last.out"
k_rows=$("$keel" --db "$out/keel.db" --json feedback list --status all --limit 1 | sed 's/.*"total":\([0-9]*\).*/\1/')

read -r s_s s_kib < <(timed sqlite3 "$out/plain.db" ".import --csv $csv feedback")
s_rows=$(sqlite3 "$out/plain.db" "SELECT COUNT(*) FROM feedback")

# The floor the schema sets: SQLite itself moving the same rows from the plain
# table into Keel's feedback table (its four indexes and the full-text
# trigger), in one INSERT ... SELECT, without customers or tags.
"$keel" --db "$out/floor.db" init >/dev/null
read -r f_s f_kib < <(timed sqlite3 "$out/floor.db" "PRAGMA cache_size=-65536" "ATTACH '$out/plain.db' AS p" \
  "INSERT INTO feedback(text, channel, reference, received_at, attributes, status, created_at, updated_at, version)
   SELECT text, replace(channel, ' ', '_'), '', CAST(strftime('%s', date) AS INTEGER), '{}', 'inbox', 0, 0, 1 FROM p.feedback")
f_rows=$(sqlite3 "$out/floor.db" "SELECT COUNT(*) FROM feedback")

# The search index alone: SQLite's FTS5 indexing the same texts with Keel's
# tokenizer, in one INSERT ... SELECT from the plain table (the fastest way
# FTS5 builds an index; nothing else is written). Any import that keeps this
# index spends at least this long on top of reading and storing the rows.
sqlite3 "$out/fts.db" "CREATE VIRTUAL TABLE t USING fts5(text, tokenize='porter unicode61 remove_diacritics 2')"
read -r t_s t_kib < <(timed sqlite3 "$out/fts.db" "PRAGMA cache_size=-65536" "ATTACH '$out/plain.db' AS p" \
  "INSERT INTO t(rowid, text) SELECT rowid, text FROM p.feedback")

awk -v n="$N" -v b="$bytes" -v ks="$k_s" -v kk="$k_kib" -v kr="$k_rows" -v ss="$s_s" -v sk="$s_kib" -v sr="$s_rows" -v fs="$f_s" -v fk="$f_kib" -v fr="$f_rows" -v ts="$t_s" \
  -v cores="$(nproc)" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
  printf "file: %d rows, %.1f MB; %s cores, load average %s before the runs\n", n, b / 1e6, cores, load
  printf "keel import feedback: %d rows in %.1f s = %.0f rows/s, peak RSS %.1f MiB\n", kr, ks, kr / ks, kk / 1024
  printf "sqlite3 .import --csv: %d rows in %.1f s = %.0f rows/s, peak RSS %.1f MiB\n", sr, ss, sr / ss, sk / 1024
  printf "sqlite3 INSERT ... SELECT into Keel'"'"'s feedback table (indexes, full-text trigger; no customers, no tags): %d rows in %.1f s = %.0f rows/s, peak RSS %.1f MiB\n", fr, fs, fr / fs, fk / 1024
  printf "sqlite3 FTS5 indexing the same texts alone (Keel'"'"'s tokenizer, one INSERT ... SELECT): %.1f s\n", ts
  printf "the best any importer keeping that index can do: .import plus the index alone = %.1f s = %.0f %% of the reference rate\n", ss + ts, 100 * ss / (ss + ts)
  printf "keel / sqlite3 .import: %.0f %% of the rate (target: 40 %% or more); keel / the schema floor: %.0f %%\n", 100 * (kr / ks) / (sr / ss), 100 * (kr / ks) / (fr / fs)
}' | tee "$out/results.txt"
