#!/usr/bin/env bash
# The /logs page's statements at scale: one organization with 1,000,000 generations over 90 days (plus 200,000 of
# 20 others), on a scratch database migrated like production. Prints EXPLAIN (ANALYZE, BUFFERS) of every statement
# the page runs (bench/logs/plans.sql), then times whole page views with pgbench (one client; unnamed statements,
# each planned with its parameters' values, as LogRepository runs them): p50 / p95 / max of the database time of
# each kind of view. Results go to .local/bench/logs/ (plans.txt, pages.md).
# Usage: bench/logs-plans.sh [--seconds 15] [--keep]   (PGHOST/PGPORT/PGUSER as for psql; default 127.0.0.1, postgres)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECONDS_PER_VIEW=15
KEEP=false
while (( $# )); do
  case "$1" in
    --seconds) SECONDS_PER_VIEW=$2; shift 2 ;;
    --keep) KEEP=true; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
DB=switchboard_logs_bench
OUT="$ROOT/.local/bench/logs"
rm -rf "$OUT"; mkdir -p "$OUT"
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }

log "database $DB (fresh), migrations of schema/"
psql -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
trap '$KEEP || psql -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"' EXIT
for migration in $(ls "$ROOT"/schema/src/main/resources/db/migration/V*.sql | sort -V); do
  psql -d "$DB" -q -v ON_ERROR_STOP=1 -f "$migration" > /dev/null
done
log "seeding 1,200,000 generations (a minute or two)"
psql -d "$DB" -q -v ON_ERROR_STOP=1 -f "$ROOT/bench/logs/seed.sql" > /dev/null

log "plans -> $OUT/plans.txt"
psql -d "$DB" -q -f "$ROOT/bench/logs/plans.sql" > "$OUT/plans.txt"
grep -E "^== |Execution Time" "$OUT/plans.txt"

ORG=00000000-0000-0000-0000-000000000001
read -r HOUR_START HOUR_END RANGE_START RANGE_END FIRST_DAY LAST_DAY < <(psql -d "$DB" -Atq -F ' ' -c "
  SELECT to_char(date_trunc('hour', now()) - interval '23 hours', 'YYYY-MM-DD\"T\"HH24:MI:SSOF'),
         to_char(date_trunc('hour', now()) + interval '1 hour', 'YYYY-MM-DD\"T\"HH24:MI:SSOF'),
         (current_date - 89)::text || 'T00:00:00Z', (current_date + 1)::text || 'T00:00:00Z',
         (current_date - 89)::text, current_date::text")
{
  echo "| page view (bench/logs/page-*.sql) | views | p50 ms | p95 ms | max ms |"
  echo "|---|---|---|---|---|"
} > "$OUT/pages.md"
for view in unfiltered older 90-days rare-model error-status; do
  log "page view $view for ${SECONDS_PER_VIEW}s"
  (cd "$OUT" && pgbench -n -M extended -c 1 -T "$SECONDS_PER_VIEW" -l --log-prefix="view-$view" \
      -D org=$ORG -D model=bench/rare -D hour_start="$HOUR_START" -D hour_end="$HOUR_END" \
      -D range_start="$RANGE_START" -D range_end="$RANGE_END" -D first_day="$FIRST_DAY" -D last_day="$LAST_DAY" \
      -f "$ROOT/bench/logs/page-$view.sql" "$DB" > "view-$view.out" 2>&1)
  # per-transaction log: client transaction latency_us script epoch us; the first 20 views warm the caches
  cat "$OUT"/view-"$view".[0-9]* | awk 'NR > 20 { print $3 / 1000 }' | sort -n > "$OUT/view-$view.ms"
  n=$(wc -l < "$OUT/view-$view.ms")
  p50=$(awk -v n="$n" 'NR == int(n * 0.50) + 1' "$OUT/view-$view.ms")
  p95=$(awk -v n="$n" 'NR == int(n * 0.95) + 1' "$OUT/view-$view.ms")
  max=$(tail -1 "$OUT/view-$view.ms")
  echo "| $view | $n | $p50 | $p95 | $max |" >> "$OUT/pages.md"
done
cat "$OUT/pages.md"
