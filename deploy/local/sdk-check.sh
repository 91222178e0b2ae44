#!/usr/bin/env bash
# Drives the RUNNING local platform with the official OpenRouter SDK (@openrouter/sdk, which validates every response
# with zod): chat (plain, streaming, tools), models/endpoints/providers, generation, key, credits, embeddings, errors,
# and, with a management key, the key API (apiKeys.*) and the activity API (analytics.getUserActivity).
# Assumes deploy/local/up.sh has run. Uses SWITCHBOARD_KEY, or creates a key with dev-key.sh when it is empty;
# SWITCHBOARD_URL defaults to http://localhost:8080/api/v1. Exits non-zero on the first failed check.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT/deploy/local/sdk-check"
command -v node > /dev/null || die "node not found: install Node.js 20 or newer"
if [[ ! -d node_modules ]]; then
  log "installing @openrouter/sdk (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error > /dev/null || die "npm ci failed in $PWD"
fi
if [[ -z "${SWITCHBOARD_KEY:-}" ]]; then
  SWITCHBOARD_KEY=$(../dev-key.sh sdk-check 1)
fi
if [[ -z "${SWITCHBOARD_MANAGEMENT_KEY:-}" ]]; then
  SWITCHBOARD_MANAGEMENT_KEY=$(../dev-key.sh sdk-check-keys 1 management)
fi
export SWITCHBOARD_KEY SWITCHBOARD_MANAGEMENT_KEY
exec node check.mjs
