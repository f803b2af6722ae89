#!/usr/bin/env bash
# Keel's benchmark (issue 2): 100,000 features and 200,000 ideas, measured with
# wrk on loopback (2 threads, 64 connections) against a bare libmicrohttpd
# responder serving a fixed 2 KB page in the same run, so figures are ratios.
#   (a) GET /api/v1/features/{key} with a token (random keys)
#   (b) GET /api/v1/features?sort=rice&limit=50
#   (c) the backlog HTML page (signed in with a session cookie)
# plus p99 latency, the server's peak RSS, (b) and (c) again with the response
# cache off, and `keel feature list --json` timed with hyperfine beside a raw
# sqlite3 query of the same page.
#
# usage: bench/run.sh [--regen]     (env: DUR=10 RUNS=3 CONNS=64 PORT=18700)
# Output: bench/out/results.txt (raw) and a Markdown table on standard output.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=$root/bench/out
mkdir -p "$out"
DUR=${DUR:-10}
RUNS=${RUNS:-3}
CONNS=${CONNS:-64}
PORT=${PORT:-18700}
NF=${NF:-100000}
NI=${NI:-200000}
scripts/setup-deps --bench
[ -f build-bench/build.ninja ] || meson setup build-bench --buildtype=release >/dev/null
ninja -C build-bench src/keel bench/keel-bench-gen bench/keel-bench-bare >/dev/null
keel=$root/build-bench/src/keel
db=$out/bench.db
if [ "${1:-}" = "--regen" ] || [ ! -f "$db" ]; then
  rm -f "$db" "$db-wal" "$db-shm"
  echo "generating $NF features and $NI ideas…"
  build-bench/bench/keel-bench-gen "$db" "$NF" "$NI"
fi
export BENCH_FEATURES=$NF
export KEEL_TOKEN=$("$keel" --db "$db" token create user0@bench.test --name bench)

. bench/lib.sh

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)" | tee -a "$results"

# Reference: the bare responder.
build-bench/bench/keel-bench-bare "$PORT" >/dev/null &
pids+=($!)
wait_http "http://127.0.0.1:$PORT/"
run bare "http://127.0.0.1:$PORT/"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

# Keel.
"$keel" --db "$db" serve --listen "127.0.0.1:$PORT" >"$out/serve.log" 2>&1 &
kpid=$!
pids+=($kpid)
wait_http "http://127.0.0.1:$PORT/healthz"
export KEEL_SESSION=$(sign_in "http://127.0.0.1:$PORT" user0@bench.test bench-password)
[ -n "$KEEL_SESSION" ] || { echo "bench: could not sign in" >&2; exit 1; }
run a_feature "http://127.0.0.1:$PORT/" bench/feature.lua
run b_list_rice "http://127.0.0.1:$PORT/api/v1/features?sort=rice&limit=50" bench/token.lua
run c_backlog_html "http://127.0.0.1:$PORT/backlog" bench/session.lua
echo "c_backlog_html_bytes $(curl -s -b "keel_session=$KEEL_SESSION" "http://127.0.0.1:$PORT/backlog" | wc -c)" | tee -a "$results"
echo "rss_peak_kb $(awk '/VmHWM/{print $2}' /proc/$kpid/status) rss_now_kb $(awk '/VmRSS/{print $2}' /proc/$kpid/status)" | tee -a "$results"
kill "$kpid"; wait "$kpid" 2>/dev/null || true

# The same list and page with the response cache off: what every request
# costs when the workspace changes between reads.
"$keel" --db "$db" serve --listen "127.0.0.1:$PORT" --cache-mb 0 >"$out/serve-nocache.log" 2>&1 &
kpid=$!
pids+=($kpid)
wait_http "http://127.0.0.1:$PORT/healthz"
run b_list_rice_nocache "http://127.0.0.1:$PORT/api/v1/features?sort=rice&limit=50" bench/token.lua
run c_backlog_html_nocache "http://127.0.0.1:$PORT/backlog" bench/session.lua
echo "rss_peak_nocache_kb $(awk '/VmHWM/{print $2}' /proc/$kpid/status)" | tee -a "$results"
kill "$kpid"; wait "$kpid" 2>/dev/null || true

# The CLI listing, beside sqlite3 reading the same page of rows.
hyperfine -N --warmup 3 --runs 30 --export-json "$out/cli.json" \
  "$keel --db $db feature list --json --sort rice" \
  "sqlite3 $db 'SELECT * FROM features WHERE status IN (\"candidate\",\"planned\",\"in_progress\") ORDER BY rice_score DESC, id DESC LIMIT 51'" >"$out/hyperfine.txt"
awk -F'"mean":' '/"mean"/{split($2,a,","); printf "%s ", a[1]*1000}' "$out/cli.json" | awk '{print "cli_list_ms " $1 " sqlite3_ms " $2}' | tee -a "$results"

awk -v conns="$CONNS" '
  $1=="bare"{bare=$2; bp99=$3}
  $1 ~ /^[abc]_/ && NF>=3 {rps[$1]=$2; p99[$1]=$3}
  $1=="rss_peak_kb"{rss=$2}
  $1=="cli_list_ms"{cli=$2; sq=$4}
  END {
    printf "\n| measurement (wrk -t2 -c%s) | req/s | ratio to bare | p99 |\n|---|---:|---:|---:|\n", conns
    printf "| bare libmicrohttpd, 2 KB page | %.0f | 100%% | %.2f ms |\n", bare, bp99
    n["a_feature"]="(a) GET /api/v1/features/{key}, random keys"; n["b_list_rice"]="(b) GET /api/v1/features?sort=rice&limit=50"; n["c_backlog_html"]="(c) backlog HTML page"
    n["b_list_rice_nocache"]="(b) with the response cache off"; n["c_backlog_html_nocache"]="(c) with the response cache off"
    split("a_feature b_list_rice c_backlog_html b_list_rice_nocache c_backlog_html_nocache", ks, " ")
    for (i=1;i<=5;i++) { k=ks[i]; printf "| %s | %.0f | %.1f%% | %.2f ms |\n", n[k], rps[k], 100*rps[k]/bare, p99[k] }
    printf "\nserver peak RSS: %.1f MB\n", rss/1024
    printf "keel feature list --json: %.1f ms (sqlite3 on the same page of rows: %.1f ms)\n", cli, sq
  }' "$results"
