#!/usr/bin/env bash
# LOCAL DEVELOPMENT ONLY: gives an organization promotional credit, straight in the local database (Stripe
# top-ups come with billing-service). Usage: dev-credit.sh <organization id> [usd]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ORG=${1:-}
USD=${2:-10}
[[ "$ORG" =~ ^[0-9a-f-]{36}$ ]] || die "usage: dev-credit.sh <organization id> [usd] (GET /me names your organizations)"
[[ "$USD" =~ ^[0-9]+$ ]] || die "the amount is whole US dollars"
PSQL=(psql -h 127.0.0.1 -U postgres -d switchboard -v ON_ERROR_STOP=1 -Atq)
[[ -z "${DATABASE_URL:-}" ]] || PSQL=(psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -Atq)
"${PSQL[@]}" -c "INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, external_reference, description)
  VALUES (gen_random_uuid(), '$ORG', 'promo', $USD::bigint * 1000000000, 'dev-credit:' || gen_random_uuid(), 'local development credit')" > /dev/null
echo "organization $ORG: +\$$USD" >&2
