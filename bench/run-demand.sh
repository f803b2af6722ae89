#!/usr/bin/env bash
# The demand view at scale (issue 4): a feature that LINKS feedback items
# (10,000 by default) from CUSTOMERS customers point at, directly and through
# 200 ideas that became it. Measured with wrk on loopback, in one run:
#   bare      the bare libmicrohttpd responder (2 KB page): the reference
#   d_api     GET /api/v1/features/DEM-1/demand with a token, cache off
#   d_page    the feature page /features/DEM-1 (with its demand panel), cache off
#   d_api_cached  the same API call with the response cache on
# each with one connection (latency: p50 and p99 of the median run) and the
# API again with CONNS connections (throughput), plus the server's peak RSS
# and `keel feature demand` beside sqlite3 walking the same links.
#
# usage: bench/run-demand.sh [--regen]  (env: DUR=10 RUNS=3 CONNS=16 PORT=18720 LINKS=10000 CUSTOMERS=2000)
# Output: bench/out/demand-results.txt (raw) and a Markdown table on standard output.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=$root/bench/out/demand
mkdir -p "$out"
DUR=${DUR:-10}
RUNS=${RUNS:-3}
CONNS=${CONNS:-16}
PORT=${PORT:-18720}
LINKS=${LINKS:-10000}
CUSTOMERS=${CUSTOMERS:-2000}
scripts/setup-deps --bench
[ -f build-bench/build.ninja ] || meson setup build-bench --buildtype=release >/dev/null
ninja -C build-bench src/keel bench/keel-bench-gen-demand bench/keel-bench-bare >/dev/null
keel=$root/build-bench/src/keel
db=$out/demand.db
if [ "${1:-}" = "--regen" ] || [ ! -f "$db" ]; then
  rm -f "$db" "$db-wal" "$db-shm"
  build-bench/bench/keel-bench-gen-demand "$db" "$LINKS" "$CUSTOMERS"
fi
export KEEL_TOKEN=$("$keel" --db "$db" token create user0@bench.test --name "bench $(date +%s)")

. bench/lib.sh

# p50 of the median run of NAME, in ms (wrk prints us, ms or s).
p50() {
  local best
  best=$(sort -n -k1,1 "$out/$1.runs" | awk -v n="$RUNS" 'NR==int((n+1)/2){print $1}')
  for f in "$out/$1".*.wrk; do
    if [ "$(awk '/^Requests\/sec:/{print $2}' "$f")" = "$best" ]; then
      awk '/^ +50%/{v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' "$f"
      return
    fi
  done
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), load $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$results"

build-bench/bench/keel-bench-bare "$PORT" >/dev/null &
pids+=($!)
wait_http "http://127.0.0.1:$PORT/"
CONNS=1 run bare_c1 "http://127.0.0.1:$PORT/"
echo "bare_c1_p50 $(p50 bare_c1)" | tee -a "$results"
run bare "http://127.0.0.1:$PORT/"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

"$keel" --db "$db" serve --listen "127.0.0.1:$PORT" --cache-mb 0 >"$out/serve.log" 2>&1 &
kpid=$!
pids+=($kpid)
wait_http "http://127.0.0.1:$PORT/healthz"
export KEEL_SESSION=$(sign_in "http://127.0.0.1:$PORT" user0@bench.test bench-password)
[ -n "$KEEL_SESSION" ] || { echo "bench: could not sign in" >&2; exit 1; }
curl -s -H "Authorization: Bearer $KEEL_TOKEN" "http://127.0.0.1:$PORT/api/v1/features/DEM-1/demand" >"$out/demand.json"
echo "demand $(jq -c '{customers, arr, feedback, critical, segments: (.by_segment|length), quotes: (.quotes|length)}' "$out/demand.json") bytes $(wc -c <"$out/demand.json")" | tee -a "$results"
CONNS=1 run d_api_c1 "http://127.0.0.1:$PORT/api/v1/features/DEM-1/demand" bench/token.lua
echo "d_api_c1_p50 $(p50 d_api_c1)" | tee -a "$results"
CONNS=1 run d_page_c1 "http://127.0.0.1:$PORT/features/DEM-1" bench/session.lua
echo "d_page_c1_p50 $(p50 d_page_c1)" | tee -a "$results"
run d_api "http://127.0.0.1:$PORT/api/v1/features/DEM-1/demand" bench/token.lua
echo "rss_peak_kb $(awk '/VmHWM/{print $2}' /proc/$kpid/status)" | tee -a "$results"
kill "$kpid"; wait "$kpid" 2>/dev/null || true

"$keel" --db "$db" serve --listen "127.0.0.1:$PORT" >"$out/serve-cache.log" 2>&1 &
kpid=$!
pids+=($kpid)
wait_http "http://127.0.0.1:$PORT/healthz"
run d_api_cached "http://127.0.0.1:$PORT/api/v1/features/DEM-1/demand" bench/token.lua
kill "$kpid"; wait "$kpid" 2>/dev/null || true

# The CLI beside sqlite3 walking the same links with the same joins (the
# least any implementation must read).
walk="SELECT COUNT(DISTINCT f.customer_id), SUM(c.arr), COUNT(*) FROM feedback_links l JOIN feedback f ON f.id = l.feedback_id LEFT JOIN customers c ON c.id = f.customer_id WHERE l.feature_id = 1 OR l.idea_id IN (SELECT id FROM ideas WHERE feature_id = 1)"
hyperfine -N --warmup 3 --runs 30 --export-json "$out/cli.json" \
  "$keel --db $db feature demand DEM-1" "sqlite3 $db '$walk'" >"$out/hyperfine.txt"
awk -F'"mean":' '/"mean"/{split($2,a,","); printf "%s ", a[1]*1000}' "$out/cli.json" | awk '{print "cli_demand_ms " $1 " sqlite3_walk_ms " $2}' | tee -a "$results"

awk -v conns="$CONNS" -v links="$LINKS" '
  $1=="bare"{bare=$2} $1=="bare_c1"{bare1=$2; bare1p99=$3} $1=="bare_c1_p50"{bare1p50=$2}
  $1 ~ /^d_/ && NF>=3 {rps[$1]=$2; p99[$1]=$3} $1 ~ /^d_.*_p50$/ {p50[$1]=$2}
  $1=="rss_peak_kb"{rss=$2} $1=="cli_demand_ms"{cli=$2; sq=$4}
  END {
    printf "\n| demand of a feature with %d linked feedback items | req/s | ratio to bare | p50 | p99 |\n|---|---:|---:|---:|---:|\n", links
    printf "| bare libmicrohttpd, 1 connection | %.0f | 100%% | %.2f ms | %.2f ms |\n", bare1, bare1p50, bare1p99
    printf "| GET /api/v1/features/DEM-1/demand, 1 connection, cache off | %.0f | %.2f%% | %.2f ms | %.2f ms |\n", rps["d_api_c1"], 100*rps["d_api_c1"]/bare1, p50["d_api_c1_p50"], p99["d_api_c1"]
    printf "| feature page with its demand panel, 1 connection, cache off | %.0f | %.2f%% | %.2f ms | %.2f ms |\n", rps["d_page_c1"], 100*rps["d_page_c1"]/bare1, p50["d_page_c1_p50"], p99["d_page_c1"]
    printf "| bare libmicrohttpd, %s connections | %.0f | 100%% | | |\n", conns, bare
    printf "| demand API, %s connections, cache off | %.0f | %.2f%% | | %.2f ms |\n", conns, rps["d_api"], 100*rps["d_api"]/bare, p99["d_api"]
    printf "| demand API, %s connections, response cache on | %.0f | %.1f%% | | %.2f ms |\n", conns, rps["d_api_cached"], 100*rps["d_api_cached"]/bare, p99["d_api_cached"]
    printf "\nserver peak RSS: %.1f MB\n", rss/1024
    printf "keel feature demand DEM-1 (process start to exit): %.1f ms; sqlite3 walking the same links: %.1f ms\n", cli, sq
  }' "$results"
