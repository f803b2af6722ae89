# lib.sh — shared by bench/run.sh and bench/run-cluster.sh: wrk runs with a
# warm-up and the median of RUNS, waiting for servers, signing in.
# Expects: out (directory), DUR, RUNS, CONNS. Source it; do not run it.

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_http() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; return 1; }

# run NAME URL [LUA]: warm-up, then RUNS runs; prints "NAME rps p99_ms" (median by rps)
results=$out/results.txt
: >"$results"
run() {
  local name=$1 url=$2 lua=${3:-} i line
  local threads=$((CONNS < 2 ? CONNS : 2))
  wrk -t"$threads" -c"$CONNS" -d3s ${lua:+-s "$lua"} "$url" >/dev/null
  : >"$out/$name.runs"
  for i in $(seq 1 "$RUNS"); do
    wrk -t"$threads" -c"$CONNS" -d"${DUR}s" --latency ${lua:+-s "$lua"} "$url" >"$out/$name.$i.wrk"
    local rps p99 non2xx
    rps=$(awk '/^Requests\/sec:/{print $2}' "$out/$name.$i.wrk")
    p99=$(awk '/^ +99%/{v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' "$out/$name.$i.wrk")
    non2xx=$(awk '/Non-2xx/{print $NF}' "$out/$name.$i.wrk")
    echo "$rps $p99 ${non2xx:-0}" >>"$out/$name.runs"
    if [ "${non2xx:-0}" != 0 ]; then # errors are fast: such a run measures nothing
      echo "bench: $name run $i: $non2xx responses were errors (see $out/$name.$i.wrk)" >&2
      return 1
    fi
  done
  line=$(sort -n -k1,1 "$out/$name.runs" | awk -v n="$RUNS" 'NR==int((n+1)/2)')
  echo "$name $line" | tee -a "$results"
}


# sign_in BASE EMAIL PASSWORD: prints the keel_session cookie value.
sign_in() {
  local base=$1 email=$2 password=$3 jar login
  jar=$(mktemp)
  login=$(curl -s -c "$jar" "$base/login" | grep -o 'name="login_csrf" value="[^"]*"' | sed 's/.*value="//;s/"$//')
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "login_csrf=$login" --data-urlencode "email=$email" \
    --data-urlencode "password=$password" --data-urlencode "next=/backlog" "$base/login"
  awk '$6=="keel_session"{print $7}' "$jar"
  rm -f "$jar"
}
