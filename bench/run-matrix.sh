#!/usr/bin/env bash
# The impact vs effort matrix at scale (issue 5): a product with FEATURES open
# features (5,000 by default), all scored in value vs effort (so that many
# share a position), spread over 10 teams and 5 initiatives, generated
# straight into the database with sqlite3. Measured with wrk on loopback, one
# connection, in one run:
#   bare        the bare libmicrohttpd responder (2 KB page): the reference
#   m_page      the matrix page /matrix?product=MAT (SVG inline, lists), cache off
#   m_svg       /matrix.svg?product=MAT, cache off
#   m_api       GET /api/v1/matrix?product=MAT with a token, cache off
#   m_team      the page filtered to one team
# p50 and p99 of the median run, and the server's peak RSS.
#
# usage: bench/run-matrix.sh [--regen]  (env: DUR=10 RUNS=3 PORT=18740 FEATURES=5000)
# Output: bench/out/matrix/results.txt (raw) and a Markdown table on standard output.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=$root/bench/out/matrix
mkdir -p "$out"
DUR=${DUR:-10}
RUNS=${RUNS:-3}
CONNS=1
PORT=${PORT:-18740}
FEATURES=${FEATURES:-5000}
scripts/setup-deps --bench
[ -f build-bench/build.ninja ] || meson setup build-bench --buildtype=release >/dev/null
ninja -C build-bench src/keel bench/keel-bench-bare >/dev/null
keel=$root/build-bench/src/keel
db=$out/matrix.db
if [ "${1:-}" = "--regen" ] || [ ! -f "$db" ]; then
  rm -f "$db" "$db-wal" "$db-shm"
  "$keel" --db "$db" init >/dev/null
  echo bench-password | "$keel" --db "$db" user add user0@bench.test --name "Bench" --role pm >/dev/null
  "$keel" --db "$db" product add MAT --name "Matrix bench" >/dev/null
  sqlite3 "$db" <<SQL
BEGIN;
INSERT INTO teams(id, product_id, name, created_at, updated_at)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
  SELECT i, 1, 'Team ' || i, 0, 0 FROM n;
INSERT INTO initiatives(id, product_id, name, created_at, updated_at)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5)
  SELECT i, 1, 'Initiative ' || i, 0, 0 FROM n;
INSERT INTO features(id, product_id, number, title, description, status, horizon, backlog_rank, created_at, updated_at,
                     team_id, initiative_id)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $FEATURES)
  SELECT i, 1, i, 'Feature ' || i || ': ' || substr('export import report alert audit sync search share print notify', 1 + (i * 7) % 50, 20),
         '', CASE i % 3 WHEN 0 THEN 'candidate' WHEN 1 THEN 'planned' ELSE 'in_progress' END, 'later', i * 65536,
         1700000000, 1700000000, 1 + i % 10, 1 + i % 5 FROM n;
UPDATE products SET feature_seq = $FEATURES WHERE id = 1;
INSERT INTO feature_scores(feature_id, framework, inputs, score, updated_at)
  SELECT id, 'value_effort', json_object('value', 1 + (id * 7) % 10, 'effort', 1 + (id / 10) % 10),
         (1.0 + (id * 7) % 10) / (1 + (id / 10) % 10), 1700000000 FROM features;
COMMIT;
SQL
fi
export KEEL_TOKEN=$("$keel" --db "$db" token create user0@bench.test --name "bench $(date +%s)")

. bench/lib.sh

# p50 of the median run of NAME, in ms.
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
run bare "http://127.0.0.1:$PORT/"
echo "bare_p50 $(p50 bare)" | tee -a "$results"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

"$keel" --db "$db" serve --listen "127.0.0.1:$PORT" --cache-mb 0 >"$out/serve.log" 2>&1 &
kpid=$!
pids+=($kpid)
wait_http "http://127.0.0.1:$PORT/healthz"
export KEEL_SESSION=$(sign_in "http://127.0.0.1:$PORT" user0@bench.test bench-password)
[ -n "$KEEL_SESSION" ] || { echo "bench: could not sign in" >&2; exit 1; }
base="http://127.0.0.1:$PORT"
curl -s -H "Authorization: Bearer $KEEL_TOKEN" "$base/api/v1/matrix?product=MAT" >"$out/matrix.json"
echo "matrix $(jq -c '{points: (.points|length), quadrants: (.quadrants|map_values(.count)), unscored}' "$out/matrix.json")" | tee -a "$results"
curl -s -b "keel_session=$KEEL_SESSION" "$base/matrix?product=MAT" >"$out/matrix.html"
echo "page_bytes $(wc -c <"$out/matrix.html") links $(grep -o '<a href="/features/MAT-' "$out/matrix.html" | wc -l)" | tee -a "$results"
run m_page "$base/matrix?product=MAT" bench/session.lua
echo "m_page_p50 $(p50 m_page)" | tee -a "$results"
run m_svg "$base/matrix.svg?product=MAT" bench/session.lua
echo "m_svg_p50 $(p50 m_svg)" | tee -a "$results"
run m_api "$base/api/v1/matrix?product=MAT" bench/token.lua
echo "m_api_p50 $(p50 m_api)" | tee -a "$results"
run m_team "$base/matrix?product=MAT&team=3" bench/session.lua
echo "m_team_p50 $(p50 m_team)" | tee -a "$results"
echo "rss_peak_kb $(awk '/VmHWM/{print $2}' /proc/$kpid/status)" | tee -a "$results"
kill "$kpid"; wait "$kpid" 2>/dev/null || true

awk -v features="$FEATURES" '
  $1=="bare"{bare=$2; barep99=$3} $1=="bare_p50"{barep50=$2}
  $1 ~ /^m_/ && NF>=3 {rps[$1]=$2; p99[$1]=$3} $1 ~ /^m_.*_p50$/ {p50[$1]=$2}
  $1=="rss_peak_kb"{rss=$2} $1=="page_bytes"{bytes=$2}
  END {
    printf "\n| matrix of %d features, 1 connection, cache off | req/s | ratio to bare | p50 | p99 |\n|---|---:|---:|---:|---:|\n", features
    printf "| bare libmicrohttpd (2 KB page) | %.0f | 100%% | %.2f ms | %.2f ms |\n", bare, barep50, barep99
    printf "| /matrix?product=MAT (page, %.0f KB) | %.0f | %.2f%% | %.2f ms | %.2f ms |\n", bytes/1024, rps["m_page"], 100*rps["m_page"]/bare, p50["m_page_p50"], p99["m_page"]
    printf "| /matrix.svg?product=MAT | %.0f | %.2f%% | %.2f ms | %.2f ms |\n", rps["m_svg"], 100*rps["m_svg"]/bare, p50["m_svg_p50"], p99["m_svg"]
    printf "| GET /api/v1/matrix?product=MAT | %.0f | %.2f%% | %.2f ms | %.2f ms |\n", rps["m_api"], 100*rps["m_api"]/bare, p50["m_api_p50"], p99["m_api"]
    printf "| /matrix?product=MAT&team=3 (500 features) | %.0f | %.2f%% | %.2f ms | %.2f ms |\n", rps["m_team"], 100*rps["m_team"]/bare, p50["m_team_p50"], p99["m_team"]
    printf "\nserver peak RSS: %.1f MB\n", rss/1024
  }' "$results"
