#!/usr/bin/env bash
# The dashboard at scale: one organization with 1,000,000 generations across 50 models, 20 keys and 90 days, every page
# timed as its owner sees it (a real Keycloak login, the real services), p50/p95 of the server's answer over many
# requests, next to a baseline in the same run (the landing page as a stranger sees it: the framework, the layout and
# the template engine, no session, no call to another service), so the ratio shows what each page's own work costs.
#
#   bench/web-pages.sh [--generations N] [--requests R]
#
# It restarts the local platform on a database of its own (switchboard_bench; the platform's usual database is not
# touched), seeds it once (bench/web-seed.sql: generate_series, ~1-2 min for 1M rows), and leaves the platform
# stopped. Results: .local/bench/web-pages.md.
set -euo pipefail
source "$(dirname "$0")/../deploy/local/lib.sh"
GENERATIONS=1000000 REQUESTS=60 WARMUP=10
while (( $# )); do
  case $1 in
    --generations) GENERATIONS=$2; shift 2 ;;
    --requests) REQUESTS=$2; shift 2 ;;
    *) die "unknown option $1 (--generations N, --requests R)" ;;
  esac
done
DB=switchboard_bench WEB=http://localhost:8081 KC="http://localhost:$KEYCLOAK_PORT"
OUT="$STATE/bench"; mkdir -p "$OUT"; JAR="$OUT/web-cookies.txt"; rm -f "$JAR"
sql() { psql -h 127.0.0.1 -U postgres -d "$DB" -Atq "$@"; }

log "platform on database $DB"
"$ROOT/deploy/local/down.sh" > /dev/null 2>&1 || true
[[ -n "$(psql -h 127.0.0.1 -U postgres -d postgres -Atqc "select 1 from pg_database where datname = '$DB'")" ]] \
  || psql -h 127.0.0.1 -U postgres -d postgres -qc "create database $DB"
DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" "$ROOT/deploy/local/up.sh" > "$OUT/web-pages-up.log" 2>&1 \
  || { tail -20 "$OUT/web-pages-up.log"; die "the platform did not start"; }
trap '"$ROOT/deploy/local/down.sh" > /dev/null 2>&1 || true' EXIT

email=bench-owner@example.test password=Bench-Owner-Password-1
admin=$(curl -fsS -d grant_type=password -d client_id=admin-cli -d username="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}" \
  -d password="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}" "$KC/realms/master/protocol/openid-connect/token" \
  | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
curl -sS -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$email\",\"email\":\"$email\",\"emailVerified\":true,\"enabled\":true,\"firstName\":\"Bench\",\"lastName\":\"Owner\",
       \"credentials\":[{\"type\":\"password\",\"value\":\"$password\",\"temporary\":false}]}" "$KC/admin/realms/switchboard/users"

log "logging in through the dashboard (OIDC code flow, as a browser does)"
form=$(curl -fsS -c "$JAR" -b "$JAR" -L "$WEB/login")
action=$(sed -n 's/.*id="kc-form-login"[^>]*action="\([^"]*\)".*/\1/p; s/.*action="\([^"]*\)"[^>]*id="kc-form-login".*/\1/p' <<< "$form" | head -1 | sed 's/&amp;/\&/g')
[[ -n "$action" ]] || die "no Keycloak login form at $WEB/login"
curl -fsS -c "$JAR" -b "$JAR" -L -o "$OUT/web-pages-home.html" --data-urlencode "username=$email" \
  --data-urlencode "password=$password" "$action"
grep -q 'data-testid="balance"' "$OUT/web-pages-home.html" || die "login did not reach the overview (see $OUT/web-pages-home.html)"

user=$(sql -c "select id from users where email = '$email'")
org=$(sql -c "select organization_id from memberships m join organizations o on o.id = m.organization_id
              where m.user_id = '$user' and o.kind = 'personal'")
have=$(sql -c "select count(*) from generations where organization_id = '$org'")
if [[ -z "$(sql -c "select 1 from api_keys where organization_id = '$org' and name like 'bench key %' limit 1")" ]]; then
  log "seeding $GENERATIONS generations (organization $org)"
  started=$SECONDS
  sql -v org="$org" -v user="$user" -v n="$GENERATIONS" -f "$ROOT/bench/web-seed.sql" | tail -1
  log "seeded in $((SECONDS - started)) s"
else
  log "organization $org already has $have generations"
fi
key=$(sql -c "select id from api_keys where organization_id = '$org' order by name limit 1")
generation=$(sql -c "select id from generations where organization_id = '$org' order by created_at desc limit 1 offset 5000")
rare=$(sql -c "select model_id from daily_usage where organization_id = '$org' group by 1 order by sum(requests) limit 1")
# a model the catalog serves here (the local platform serves the fake provider's switchboard/echo* models)
common=$(sql -c "select d.model_id from daily_usage d join model_endpoints e on e.model_id = d.model_id
                 join providers p on p.id = e.provider_id where d.organization_id = '$org' and p.enabled and e.status = 0
                 group by 1 order by sum(d.requests) desc limit 1")
target=switchboard/echo-gemini
today=$(date -u +%F) ago60=$(date -u -d '60 days ago' +%F)

# page | path (one per line; '#' lines are skipped)
PAGES=$(cat <<LIST
baseline: landing page, signed out|/
overview|/
activity 24 h|/activity?range=24h
activity 30 d by model|/activity?range=30d
activity 90 d by key, then model|/activity?from=$(date -u -d '90 days ago' +%F)&to=$today&group_by=api_key&then_by=model
activity CSV 30 d|/activity.csv?range=30d
logs (newest)|/logs
logs, rare model|/logs?model=$rare
logs, one key, 60 days ago|/logs?key=$key&to=$ago60
logs, errors|/logs?status=error
generation detail|/logs/$generation
keys|/keys
credits|/credits
models|/models
model page|/models/$common
compare 90 d|/compare?range=90d&target=$target
settings|/settings
LIST
)

percentile() { sort -n | awk -v p="$1" '{ a[NR] = $1 } END { i = int((NR - 1) * p + 1.5); if (i > NR) i = NR; printf "%.1f", a[i] * 1000 }'; }
log "timing $(grep -c '|' <<< "$PAGES") pages: $WARMUP warm-up + $REQUESTS requests each"
results="$OUT/web-pages.md"
{
  echo "| page | status | p50 (ms) | p95 (ms) | p95 ÷ baseline p95 |"
  echo "|---|---|---|---|---|"
} > "$results"
baseline_p95=""
while IFS='|' read -r name path; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  url="$WEB$path" cookies=$JAR
  [[ -z "$baseline_p95" ]] && cookies=/dev/null # the baseline: no session
  for _ in $(seq "$WARMUP"); do curl -s -o /dev/null -b "$cookies" "$url"; done
  status=$(curl -s -o /dev/null -w '%{http_code}' -b "$cookies" "$url")
  times=$(for _ in $(seq "$REQUESTS"); do curl -s -o /dev/null -w '%{time_total}\n' -b "$cookies" "$url"; done)
  p50=$(percentile 0.50 <<< "$times") p95=$(percentile 0.95 <<< "$times")
  [[ -z "$baseline_p95" ]] && baseline_p95=$p95
  ratio=$(awk -v a="$p95" -v b="$baseline_p95" 'BEGIN { printf "%.1f", a / b }')
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$status" "$p50" "$p95" "$ratio" | tee -a "$results"
done <<< "$PAGES"
log "results: $results"
