#!/usr/bin/env bash
# The customer portal at scale (issue 4): on a copy of the issue-2 workspace
# (bench/out/bench.db from bench/run.sh: 200,000 ideas in 4 products), PUBLISH
# ideas of product INS are published through `keel idea publish`; PAY keeps
# none, the case where a product's list must not walk all its ideas. A portal
# user's token drives, with the response cache off (every request reads the
# database):
#   p_votes     GET /api/v1/portal/ideas (published ideas, most votes first)
#   p_newest    GET /api/v1/portal/ideas?sort=newest
#   p_ins       GET /api/v1/portal/ideas?product=INS
#   p_pay_none  GET /api/v1/portal/ideas?sort=newest&product=PAY (nothing published)
#   p_page      GET /portal (the HTML page)
#   p_one       GET /api/v1/portal/ideas/{id}
# plus the server's peak RSS.
#
# usage: bench/run-portal.sh  (env: DUR=10 RUNS=3 CONNS=16 PORT=18730 PUBLISH=2000 BUILD=build-bench)
# Output: bench/out/portal/results.txt (raw) and a Markdown table on standard output.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=$root/bench/out/portal
mkdir -p "$out"
DUR=${DUR:-10}
RUNS=${RUNS:-3}
CONNS=${CONNS:-16}
PORT=${PORT:-18730}
PUBLISH=${PUBLISH:-2000}
BUILD=${BUILD:-build-bench}
[ -f bench/out/bench.db ] || { echo "bench: run bench/run.sh first (it generates bench/out/bench.db)" >&2; exit 1; }
[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" --buildtype=release >/dev/null
ninja -C "$BUILD" src/keel >/dev/null
keel=$root/$BUILD/src/keel
db=$out/portal.db
rm -f "$db" "$db-wal" "$db-shm"
cp bench/out/bench.db "$db"
echo 'bench-portal-pass' | "$keel" --db "$db" user add portal@bench.test --name "Portal Bench" --role portal >/dev/null
ids=()
after=""
while [ "${#ids[@]}" -lt "$PUBLISH" ]; do
  page=$("$keel" --db "$db" --json idea list --product INS --sort newest --limit 500 ${after:+--after "$after"})
  mapfile -t more < <(jq -r '.items[].id' <<<"$page")
  [ "${#more[@]}" -gt 0 ] || break
  ids+=("${more[@]}")
  after=$(jq -r '.next // empty' <<<"$page")
  [ -n "$after" ] || break
done
for id in "${ids[@]:0:$PUBLISH}"; do
  "$keel" --db "$db" idea publish "$id" --title "Public idea $id" >/dev/null
done
one=${ids[0]}
export KEEL_TOKEN=$("$keel" --db "$db" token create portal@bench.test --name "bench $(date +%s)")

. bench/lib.sh

echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1 /proc/loadavg), published $PUBLISH" | tee -a "$results"
"$keel" --db "$db" serve --listen "127.0.0.1:$PORT" --cache-mb 0 >"$out/serve.log" 2>&1 &
kpid=$!
pids+=($kpid)
wait_http "http://127.0.0.1:$PORT/healthz"
base="http://127.0.0.1:$PORT"
run p_votes "$base/api/v1/portal/ideas" bench/token.lua
run p_newest "$base/api/v1/portal/ideas?sort=newest" bench/token.lua
run p_ins "$base/api/v1/portal/ideas?product=INS" bench/token.lua
run p_pay_none "$base/api/v1/portal/ideas?sort=newest&product=PAY" bench/token.lua
run p_page "$base/portal" bench/token.lua
run p_one "$base/api/v1/portal/ideas/$one" bench/token.lua
echo "rss_peak_kb $(awk '/VmHWM/{print $2}' /proc/$kpid/status)" | tee -a "$results"
kill "$kpid"; wait "$kpid" 2>/dev/null || true

awk -v conns="$CONNS" '
  $1 ~ /^p_/ {rps[$1]=$2; p99[$1]=$3} $1=="rss_peak_kb"{rss=$2}
  END {
    printf "\n| portal, %s connections, cache off | req/s | p99 |\n|---|---:|---:|\n", conns
    n = split("p_votes p_newest p_ins p_pay_none p_page p_one", k, " ")
    for (i = 1; i <= n; i++) printf "| %s | %.0f | %.2f ms |\n", k[i], rps[k[i]], p99[k[i]]
    printf "\nserver peak RSS: %.1f MB\n", rss/1024
  }' "$results"
