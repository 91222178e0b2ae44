#!/usr/bin/env bash
# Smoke test of the local platform scripts: up.sh brings every health endpoint to UP, down.sh leaves none of
# the processes it started running. Exits non-zero otherwise.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$ROOT/deploy/local/up.sh"
pids=$(cat "$PIDS"/*.pid)
for entry in "${SERVICES[@]}"; do
  IFS=: read -r name port management _ <<< "$entry"
  status=$(curl -fsS "http://localhost:$management/q/health" | tr -d ' \n' | grep -o '"status":"[A-Z]*"' | head -1)
  [[ "$status" == '"status":"UP"' ]] || { "$ROOT/deploy/local/down.sh"; die "$name health is $status"; }
  # health and metrics are for operators only: the public port must not serve them
  public=$(curl -sS -o /dev/null -w '%{http_code}' "http://localhost:$port/q/health")
  [[ "$public" == 404 ]] || { "$ROOT/deploy/local/down.sh"; die "$name answers /q/health on its public port $port ($public)"; }
  log "$name health UP on $management, not served on $port"
done
# a real request through the platform: the default catalog's echo models answer from the fake provider
key=$("$ROOT/deploy/local/dev-key.sh" smoke 1)
answer=$(curl -fsS http://localhost:8080/api/v1/chat/completions -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"model": "switchboard/echo-anthropic", "messages": [{"role": "user", "content": "Say hello to me"}]}') \
  || { "$ROOT/deploy/local/down.sh"; die "chat completion through the gateway failed"; }
grep -q '"content":"Hello from echo-anthropic. w1 w2 w3 w4 w5"' <<< "$answer" || { "$ROOT/deploy/local/down.sh"; die "unexpected answer: $answer"; }
log "gateway answered a chat completion: $(grep -o '"cost":[0-9.eE-]*' <<< "$answer")"
# the official OpenRouter SDK (strict response validation) against the platform: chat, stream, tools, catalog,
# generation, key, credits, embeddings, errors; the OpenAI SDK on /responses and the Anthropic SDK on /messages
SWITCHBOARD_KEY=$key "$ROOT/deploy/local/sdk-check.sh" || { "$ROOT/deploy/local/down.sh"; die "the SDK check failed"; }
# a new person buys credit (Keycloak user, accounts-service, billing-service, the Stripe fake's page and its signed
# webhook over real HTTP), and the money reconciles
"$ROOT/deploy/local/purchase-check.sh" || { "$ROOT/deploy/local/down.sh"; die "buying credit on the platform failed"; }
"$ROOT/deploy/local/down.sh"
for pid in $pids; do
  [[ -d "/proc/$pid" ]] && die "process $pid is still running after down.sh"
done
log "smoke test passed: $(echo "$pids" | wc -w) processes started, all healthy, all stopped"
