#!/usr/bin/env bash
# The foundation benchmark on PostgreSQL: one node, set beside the bare
# libmicrohttpd responder, then two nodes behind nginx (round robin), set
# beside the same responder behind the same nginx — all in one run.
# Same data and wrk settings as bench/run.sh (100,000 features, 200,000 ideas;
# wrk -t2 -c64, median of RUNS runs of DUR seconds).
#
# usage: bench/run-cluster.sh [--regen]   (env: DUR=10 RUNS=3 CONNS=64 PORT=18720)
# It starts a throwaway PostgreSQL cluster in bench/out/pg (kept between runs,
# so the data is generated once) and stops it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=$root/bench/out/cluster
mkdir -p "$out"
DUR=${DUR:-10}
RUNS=${RUNS:-3}
CONNS=${CONNS:-64}
PORT=${PORT:-18720}
NF=${NF:-100000}
NI=${NI:-200000}
scripts/setup-deps --bench --test
[ -f build-bench/build.ninja ] || meson setup build-bench --buildtype=release >/dev/null
ninja -C build-bench src/keel bench/keel-bench-gen bench/keel-bench-bare >/dev/null
keel=$root/build-bench/src/keel
. bench/lib.sh

pgdir=$root/bench/out/pg
pgbase=$(scripts/pg-cluster start "$pgdir" 25499)
trap 'cleanup; scripts/pg-cluster stop "$pgdir" || true' EXIT
db=$pgbase/keelbench
if [ "${1:-}" = "--regen" ]; then psql "$pgbase/postgres" -q -c 'DROP DATABASE IF EXISTS keelbench'; fi
if ! psql "$pgbase/postgres" -Atc "SELECT 1 FROM pg_database WHERE datname = 'keelbench'" | grep -q 1; then
  scripts/pg-cluster createdb "$pgbase" keelbench
  echo "generating $NF features and $NI ideas in PostgreSQL…"
  build-bench/bench/keel-bench-gen "$db" "$NF" "$NI"
  psql "$db" -q -c 'VACUUM ANALYZE'
fi
export BENCH_FEATURES=$NF
export KEEL_TOKEN=$("$keel" --db "$db" token create user0@bench.test --name bench)
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); $(psql "$db" -Atc 'SHOW server_version')" | tee -a "$results"

# nginx (one worker process) on $PORT in front of the given upstream ports:
# round robin, kept-alive upstream connections, as docs/nginx-keel.conf.
ngx=$out/nginx
start_nginx() {
  local servers="" p
  for p in "$@"; do servers="$servers server 127.0.0.1:$p;"; done
  mkdir -p "$ngx/logs" "$ngx/tmp"
  cat >"$ngx/nginx.conf" <<CONF
worker_processes 1;
pid $ngx/nginx.pid;
error_log $ngx/logs/error.log warn;
$( [ "$(id -u)" -eq 0 ] && echo "user root;" )
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $ngx/tmp/body;
  proxy_temp_path $ngx/tmp/proxy;
  fastcgi_temp_path $ngx/tmp/fastcgi;
  uwsgi_temp_path $ngx/tmp/uwsgi;
  scgi_temp_path $ngx/tmp/scgi;
  upstream keel { $servers keepalive 64; }
  server {
    listen 127.0.0.1:$PORT;
    location / {
      proxy_pass http://keel;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
CONF
  /usr/sbin/nginx -p "$ngx" -c "$ngx/nginx.conf" -g 'daemon off;' &
  ngx_pid=$!
  pids+=($ngx_pid)
  wait_http "http://127.0.0.1:$PORT/"
}
stop() { kill "$1"; wait "$1" 2>/dev/null || true; }

# References: the bare responder alone, and behind nginx.
bare_port=$((PORT + 3))
build-bench/bench/keel-bench-bare "$bare_port" >/dev/null &
bare_pid=$!
pids+=($bare_pid)
wait_http "http://127.0.0.1:$bare_port/"
run bare "http://127.0.0.1:$bare_port/"
start_nginx "$bare_port"
run bare_nginx "http://127.0.0.1:$PORT/"
stop "$ngx_pid"
stop "$bare_pid"

# One node on PostgreSQL.
"$keel" --db "$db" serve --listen "127.0.0.1:$PORT" --no-jobs >"$out/serve.log" 2>&1 &
kpid=$!
pids+=($kpid)
wait_http "http://127.0.0.1:$PORT/healthz"
export KEEL_SESSION=$(sign_in "http://127.0.0.1:$PORT" user0@bench.test bench-password)
run pg1_a_feature "http://127.0.0.1:$PORT/" bench/feature.lua
run pg1_b_list_rice "http://127.0.0.1:$PORT/api/v1/features?sort=rice&limit=50" bench/token.lua
run pg1_c_backlog_html "http://127.0.0.1:$PORT/backlog" bench/session.lua
echo "pg1_rss_peak_kb $(awk '/VmHWM/{print $2}' /proc/$kpid/status)" | tee -a "$results"
stop "$kpid"

# Two nodes (one worker thread each, so two in all as above) behind nginx,
# trusting it for client addresses as docs/deploy.md runs them.
n1=$((PORT + 1)); n2=$((PORT + 2))
"$keel" --db "$db" serve --listen "127.0.0.1:$n1" --threads 1 --no-jobs --trust-proxy 127.0.0.1 >"$out/serve1.log" 2>&1 &
k1=$!
pids+=($k1)
"$keel" --db "$db" serve --listen "127.0.0.1:$n2" --threads 1 --no-jobs --trust-proxy 127.0.0.1 >"$out/serve2.log" 2>&1 &
k2=$!
pids+=($k2)
wait_http "http://127.0.0.1:$n1/healthz"
wait_http "http://127.0.0.1:$n2/healthz"
start_nginx "$n1" "$n2"
export KEEL_SESSION=$(sign_in "http://127.0.0.1:$PORT" user0@bench.test bench-password)
run pg2_a_feature "http://127.0.0.1:$PORT/" bench/feature.lua
run pg2_b_list_rice "http://127.0.0.1:$PORT/api/v1/features?sort=rice&limit=50" bench/token.lua
run pg2_c_backlog_html "http://127.0.0.1:$PORT/backlog" bench/session.lua
echo "pg2_rss_peak_kb $(awk '/VmHWM/{print $2}' /proc/$k1/status) $(awk '/VmHWM/{print $2}' /proc/$k2/status)" | tee -a "$results"
stop "$ngx_pid"

hyperfine -N --warmup 3 --runs 20 --export-json "$out/cli.json" "$keel --db $db feature list --json --sort rice" >"$out/hyperfine.txt"
awk -F'"mean":' '/"mean"/{split($2,a,","); printf "%s ", a[1]*1000}' "$out/cli.json" | awk '{print "pg_cli_list_ms " $1}' | tee -a "$results"

awk -v conns="$CONNS" '
  $1=="bare"{bare=$2} $1=="bare_nginx"{bn=$2}
  NF>=3 && $1 ~ /^pg[12]_/ && $1 !~ /rss/ {rps[$1]=$2; p99[$1]=$3}
  END {
    printf "\n| PostgreSQL (wrk -t2 -c%s) | one node req/s | ratio to bare | p99 | two nodes + nginx req/s | ratio to bare + nginx | p99 |\n|---|---:|---:|---:|---:|---:|---:|\n", conns
    split("a_feature b_list_rice c_backlog_html", ks, " ")
    n["a_feature"]="(a) GET /api/v1/features/{key}"; n["b_list_rice"]="(b) ?sort=rice&limit=50"; n["c_backlog_html"]="(c) backlog page"
    for (i=1;i<=3;i++) { k=ks[i]; printf "| %s | %.0f | %.1f%% | %.2f ms | %.0f | %.1f%% | %.2f ms |\n", n[k], rps["pg1_" k], 100*rps["pg1_" k]/bare, p99["pg1_" k], rps["pg2_" k], 100*rps["pg2_" k]/bn, p99["pg2_" k] }
    printf "\nreferences in the same run: bare libmicrohttpd %.0f req/s; the same behind nginx %.0f req/s\n", bare, bn
  }' "$results"
