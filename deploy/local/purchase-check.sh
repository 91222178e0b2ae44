#!/usr/bin/env bash
# A person buys credit on the running local platform, the way the README shows it, without a browser: a new user in
# Keycloak, their first call to accounts-service (GET /me makes their personal organization), then
# deploy/local/buy-credit.sh (billing-service's Checkout → the Stripe fake's Pay page → the signed webhook), then the
# balance and the reconciliation. The token comes from a temporary password-grant client that this script adds to the
# local realm through Keycloak's admin API and removes again (the realm's own clients have no password grant).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
KC="http://localhost:$KEYCLOAK_PORT"
CLIENT="purchase-check-$$"
JAVA_HOME=$(find_jdk); export JAVA_HOME
# reads JSON from stdin and prints the expression over it, d (node is installed for sdk-check already)
json() { node -e "let s = ''; process.stdin.on('data', c => s += c).on('end', () => { const d = JSON.parse(s); console.log($1); })"; }

admin=$(curl -fsS -d grant_type=password -d client_id=admin-cli -d username="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}" -d password="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}" \
  "$KC/realms/master/protocol/openid-connect/token" | json 'd.access_token')
kc() { curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$@"; }
kc -d "{\"clientId\": \"$CLIENT\", \"publicClient\": true, \"directAccessGrantsEnabled\": true, \"standardFlowEnabled\": false,
  \"protocolMappers\": [{\"name\": \"audience\", \"protocol\": \"openid-connect\", \"protocolMapper\": \"oidc-audience-mapper\",
  \"config\": {\"included.custom.audience\": \"switchboard-api\", \"access.token.claim\": \"true\"}}]}" \
  "$KC/admin/realms/switchboard/clients" > /dev/null
client_id=$(kc "$KC/admin/realms/switchboard/clients?clientId=$CLIENT" | json 'd[0].id')
trap 'kc -X DELETE "$KC/admin/realms/switchboard/clients/$client_id" > /dev/null 2>&1 || true' EXIT

email="buyer-$(date +%s)-$$@example.test"
kc -d "{\"username\": \"$email\", \"email\": \"$email\", \"emailVerified\": true, \"enabled\": true, \"firstName\": \"Bea\",
  \"lastName\": \"Buyer\", \"credentials\": [{\"type\": \"password\", \"value\": \"Buyer-Password-42\", \"temporary\": false}]}" \
  "$KC/admin/realms/switchboard/users" > /dev/null
TOKEN=$(curl -fsS -d grant_type=password -d client_id="$CLIENT" -d username="$email" -d password=Buyer-Password-42 \
  -d scope=openid "$KC/realms/switchboard/protocol/openid-connect/token" | json 'd.access_token')
export TOKEN
org=$(curl -fsS -H "Authorization: Bearer $TOKEN" http://localhost:8082/me | json 'd.current_organization.id')
"$ROOT/deploy/local/buy-credit.sh" "$org" 10
balance=$(curl -fsS -H "Authorization: Bearer $TOKEN" "http://localhost:8083/organizations/$org/balance")
grep -q '"balance":10,' <<< "$balance" || die "after buying \$10 the balance is not 10: $balance"
log "a new person bought \$10 of credit through Checkout and the Stripe fake: $balance"
if ! out=$("$JAVA_HOME/bin/java" -jar "$ROOT/billing-service/target/quarkus-app/quarkus-run.jar" reconcile 2>&1); then
  grep -v '^[0-9-]* [0-9:,]* ' <<< "$out" | tail -20 >&2
  die "reconciliation found discrepancies"
fi
log "$(grep '^reconcile:' <<< "$out")"
