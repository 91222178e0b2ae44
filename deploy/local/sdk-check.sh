#!/usr/bin/env bash
# Drives the RUNNING local platform with three official SDKs, pinned in sdk-check/package.json, one script each:
# - check.mjs: the OpenRouter SDK (@openrouter/sdk, which validates every response with zod): chat (plain, streaming,
#   tools), models/endpoints/providers, generation, key, credits, embeddings, errors, and, with a management key, the
#   key API (apiKeys.*) and the activity API (analytics.getUserActivity);
# - openai-responses.mjs: the OpenAI SDK (openai) on /responses: plain, streamed, a function tool round trip,
#   reasoning sent back through encrypted_content, errors;
# - anthropic.mjs: the Anthropic SDK (@anthropic-ai/sdk, base URL <gateway>/api) on /messages: the auth headers,
#   plain with a system prompt, streamed, tools, thinking with tools sent back signed, anthropic-beta, errors.
# openai 7 declares Node.js 22 or newer (npm warns; the machines have Node.js 20, on which it runs: it is plain
# JavaScript on fetch). If a later pin breaks on 20, openai 6.x (no engine constraint) has the same Responses API.
# Assumes deploy/local/up.sh has run. Uses SWITCHBOARD_KEY, or creates a key with dev-key.sh when it is empty;
# SWITCHBOARD_URL defaults to http://localhost:8080/api/v1. Exits non-zero on the first failed check.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT/deploy/local/sdk-check"
command -v node > /dev/null || die "node not found: install Node.js 20 or newer"
# (re)install when node_modules is missing or was installed from another package-lock.json
if ! cmp -s package-lock.json node_modules/.installed-package-lock.json; then
  log "installing the SDKs (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error > /dev/null || die "npm ci failed in $PWD"
  cp package-lock.json node_modules/.installed-package-lock.json
fi
if [[ -z "${SWITCHBOARD_KEY:-}" ]]; then
  SWITCHBOARD_KEY=$(../dev-key.sh sdk-check 1)
fi
if [[ -z "${SWITCHBOARD_MANAGEMENT_KEY:-}" ]]; then
  SWITCHBOARD_MANAGEMENT_KEY=$(../dev-key.sh sdk-check-keys 1 management)
fi
export SWITCHBOARD_KEY SWITCHBOARD_MANAGEMENT_KEY
node check.mjs
node openai-responses.mjs
node anthropic.mjs
