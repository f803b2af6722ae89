#!/usr/bin/env bash
# Full-text search and duplicate suggestions at scale (issue 4): N feedback
# items (1,000,000 by default) with N/50 ideas and N/500 features made by
# keel-bench-gen-feedback. Measured on loopback with wrk, one connection (each
# request waits for the one before, so the percentiles are per-request
# latency), each path file cycled through:
#   s_api      GET /api/v1/search?q=… over QUERIES realistic queries (every type)
#   s_page     the /search page for the same queries (signed in)
#   d_new      GET /api/v1/ideas/similar?title=…&description=…&product=… for
#              ITEMS new texts (duplicate suggestions before submitting)
#   d_feedback GET /api/v1/feedback/{id}/similar for ITEMS random feedback items
# and, for reference, the same queries straight on the file with no HTTP,
# JSON or app code (bench/raw_search.py, the same libsqlite3): raw_search
# (FTS5's own bm25 over the same window), raw_scan (the window walked with no
# ranking, plus the snippets: a floor) and raw_similar (candidates only).
# Plus the server's peak RSS.
#
# usage: bench/run-search.sh [--regen]   (env: N=1000000 DUR=20 PORT=18740 QUERIES=300 ITEMS=300)
# Output: bench/out/search/results.txt (raw) and lines for bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=$root/bench/out/search
mkdir -p "$out"
N=${N:-1000000}
DUR=${DUR:-20}
RUNS=1
CONNS=1
PORT=${PORT:-18740}
QUERIES=${QUERIES:-300}
ITEMS=${ITEMS:-300}
BUILD=${BUILD:-build-search-bench}
[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" --buildtype=release >/dev/null
ninja -C "$BUILD" src/keel bench/keel-bench-gen-feedback >/dev/null
keel=$root/$BUILD/src/keel
gen=$root/$BUILD/bench/keel-bench-gen-feedback
db=${DB:-$out/feedback.db}
if [ "${1:-}" = "--regen" ] || [ ! -f "$db" ]; then
  rm -f "$db" "$db-wal" "$db-shm"
  echo "generating $N feedback items…"
  /usr/bin/time -f "generated in %e s, peak RSS %M KB" "$gen" "$db" "$N"
fi
export KEEL_TOKEN=$("$keel" --db "$db" token create user0@bench.test --name "search bench $(date +%s)")

. bench/lib.sh

# The request paths: queries and new texts drawn from the generator's vocabulary.
"$gen" --queries "$QUERIES" >"$out/queries.txt"
"$gen" --items "$ITEMS" >"$out/items.txt"
python3 - "$out" "$ITEMS" <<'PY'
import random, sys, urllib.parse
out, items = sys.argv[1], int(sys.argv[2])
q = [l.strip() for l in open(out + "/queries.txt") if l.strip()]
open(out + "/s_api.paths", "w").write("".join("/api/v1/search?q=%s\n" % urllib.parse.quote(x) for x in q))
open(out + "/s_page.paths", "w").write("".join("/search?q=%s\n" % urllib.parse.quote(x) for x in q))
with open(out + "/d_new.paths", "w") as f:
    for l in open(out + "/items.txt"):
        words = l.split()
        if len(words) < 8:
            continue
        title, desc = " ".join(words[:7]), " ".join(words[7:])[:1500]
        f.write("/api/v1/ideas/similar?title=%s&description=%s&product=P1\n" % (urllib.parse.quote(title), urllib.parse.quote(desc)))
random.seed(7)
open(out + "/d_feedback.paths", "w").write("".join("/api/v1/feedback/%d/similar\n" % random.randint(1, 1000000) for _ in range(items)))
PY
n_fb=$(sqlite3 "$db" 'SELECT COUNT(*) FROM feedback')
n_ideas=$(sqlite3 "$db" 'SELECT COUNT(*) FROM ideas')
n_features=$(sqlite3 "$db" 'SELECT COUNT(*) FROM features')
product=$(sqlite3 "$db" 'SELECT key FROM products ORDER BY id LIMIT 1')
sed -i "s/product=P1/product=$product/; " "$out/d_new.paths"
awk -v n="$n_fb" -F/ '{ if ($5+0 > n) $5 = ($5 % n) + 1; print }' OFS=/ "$out/d_feedback.paths" >"$out/d_feedback.tmp" && mv "$out/d_feedback.tmp" "$out/d_feedback.paths"

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), load $(cut -d' ' -f1 /proc/loadavg), sqlite $(sqlite3 --version | cut -d' ' -f1)" | tee -a "$results"
echo "data feedback $n_fb ideas $n_ideas features $n_features db_mb $(( $(stat -c %s "$db") / 1048576 ))" | tee -a "$results"

"$keel" --db "$db" serve --listen "127.0.0.1:$PORT" --cache-mb 0 >"$out/serve.log" 2>&1 &
kpid=$!
pids+=($kpid)
wait_http "http://127.0.0.1:$PORT/healthz"
export KEEL_SESSION=$(sign_in "http://127.0.0.1:$PORT" user0@bench.test bench-password)
[ -n "$KEEL_SESSION" ] || { echo "bench: could not sign in" >&2; exit 1; }
curl -s -H "Authorization: Bearer $KEEL_TOKEN" "http://127.0.0.1:$PORT$(head -1 "$out/s_api.paths")" | head -c 600 >"$out/s_api.sample.json"
curl -s -H "Authorization: Bearer $KEEL_TOKEN" "http://127.0.0.1:$PORT$(head -1 "$out/d_new.paths")" | head -c 600 >"$out/d_new.sample.json"

# The server's CPU time so far (user + system), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$kpid/stat"; }

# measure NAME: wrk (one connection) over the paths file; the cookie for pages.
# Besides the wall-clock percentiles, the server's CPU milliseconds per
# request: on a shared machine that figure does not grow with others' load.
measure() {
  local name=$1 lua=bench/paths.lua t0 t1 req
  export PATHS=$out/$name.paths
  wrk -t1 -c1 -d3s -s "$lua" ${2:+-H "Cookie: keel_session=$KEEL_SESSION"} "http://127.0.0.1:$PORT" >/dev/null
  t0=$(cpu_ticks)
  wrk -t1 -c1 -d"${DUR}s" -s "$lua" ${2:+-H "Cookie: keel_session=$KEEL_SESSION"} "http://127.0.0.1:$PORT" >"$out/$name.wrk"
  t1=$(cpu_ticks)
  req=$(awk '/percentiles_ms/{print $9}' "$out/$name.wrk")
  echo "$name rps $(awk '/^Requests\/sec:/{print $2}' "$out/$name.wrk") $(grep percentiles_ms "$out/$name.wrk" | cut -d' ' -f2-)" \
    "cpu_ms_per_request $(awk -v a="$t0" -v b="$t1" -v r="$req" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.2f", (b - a) * 1000 / hz / r}')" |
    tee -a "$results"
}
measure s_api
measure s_page cookie
measure d_new
measure d_feedback
echo "rss_peak_kb $(awk '/VmHWM/{print $2}' /proc/$kpid/status) rss_now_kb $(awk '/VmRSS/{print $2}' /proc/$kpid/status)" | tee -a "$results"
kill "$kpid"; wait "$kpid" 2>/dev/null || true

python3 bench/raw_search.py "$db" search "$out/queries.txt" | tee -a "$results"
python3 bench/raw_search.py "$db" scan "$out/queries.txt" | tee -a "$results"
python3 bench/raw_search.py "$db" similar "$out/items.txt" | tee -a "$results"
