#!/usr/bin/env bash
# LOCAL DEVELOPMENT ONLY: creates an organization with $AMOUNT of promotional credit and an API key for it,
# straight in the local database, and prints the key once. (accounts-service will issue keys through its API and
# the dashboard; until then this is how a fresh local platform gets a key.) Usage: dev-key.sh [name] [usd] [management]
# With "management" the key is a management key (it manages the organization's keys through /api/v1/keys and cannot
# call models).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
NAME=${1:-local-dev}
USD=${2:-10}
case "${3:-}" in
  "") MANAGEMENT=false ;;
  management) MANAGEMENT=true ;;
  *) die "the third argument is 'management' or nothing" ;;
esac
PSQL=(psql -h 127.0.0.1 -U postgres -d switchboard -v ON_ERROR_STOP=1 -Atq)
[[ -z "${DATABASE_URL:-}" ]] || PSQL=(psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -Atq)
[[ "$USD" =~ ^[0-9]+$ ]] || die "the amount is whole US dollars"
KEY="sk-sb-v1-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
HASH=$(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1)
"${PSQL[@]}" <<SQL > /dev/null
BEGIN;
WITH org AS (INSERT INTO organizations (id, name, kind) VALUES (gen_random_uuid(), '$NAME', 'team') RETURNING id),
     k AS (INSERT INTO api_keys (id, organization_id, name, display_prefix, key_hash, is_management)
           SELECT gen_random_uuid(), id, '$NAME key', '${KEY:0:12}…${KEY: -3}', '$HASH', $MANAGEMENT FROM org RETURNING organization_id)
INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, external_reference, description)
SELECT gen_random_uuid(), organization_id, 'promo', $USD::bigint * 1000000000, 'dev-key:' || gen_random_uuid(), 'local development credit' FROM k;
COMMIT;
SQL
echo "$KEY"
