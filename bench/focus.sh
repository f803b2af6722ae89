#!/bin/sh
# focus.sh — times focus health and trade-offs on a SQLite workspace with many
# horizon changes: FEATURES features in one product (40 in Now, Now limit 40)
# and CHANGES horizon changes, one a minute back from now (so the last 30 days
# hold up to 43,200 of them). Uses the release binary (build/src/keel).
#   bench/focus.sh [FEATURES] [CHANGES]      defaults: 20000 200000
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
keel="$root/build/src/keel"
features=${1:-20000}
changes=${2:-200000}
dir=$(mktemp -d /tmp/keel-focus-bench-XXXXXX)
trap 'rm -rf "$dir"' EXIT
export KEEL_DB="$dir/w.db"
"$keel" init >/dev/null
"$keel" product add PAY --name Payments >/dev/null
now=$(date +%s)
sqlite3 "$KEEL_DB" "
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $features)
INSERT INTO features(product_id, number, title, description, status, horizon, backlog_rank, rice_effort, created_at, updated_at, version)
SELECT 1, i, 'Feature ' || i, '', CASE WHEN i % 7 = 0 THEN 'in_progress' ELSE 'planned' END,
       CASE WHEN i <= 40 THEN 'now' WHEN i % 2 = 0 THEN 'next' ELSE 'later' END, i * 65536, (i % 5) + 1, $now, $now, 1 FROM n;
UPDATE products SET feature_seq = $features, now_limit = 40;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $changes)
INSERT INTO horizon_changes(feature_id, product_id, from_horizon, to_horizon, status, actor_id, at)
SELECT (i % $features) + 1, 1, CASE WHEN i % 2 = 0 THEN 'next' ELSE 'now' END, CASE WHEN i % 2 = 0 THEN 'now' ELSE 'next' END,
       'planned', NULL, $now - ($changes - i) * 60 FROM n;"
echo "$features features, $changes horizon changes"
for i in 1 2 3; do /usr/bin/time -f "keel focus --json: %e s, max RSS %M KB" "$keel" focus --product PAY --json >/dev/null; done
/usr/bin/time -f "refused move into the full Now: %e s" sh -c '"$1" feature move PAY-41 --horizon now 2>/dev/null' sh "$keel" || true
/usr/bin/time -f "move with a trade-off: %e s" "$keel" feature move PAY-41 --horizon now --displace PAY-1 --reason bench >/dev/null
/usr/bin/time -f "keel tradeoffs: %e s" "$keel" tradeoffs --product PAY >/dev/null
