#!/usr/bin/env bash
# Logs in to the local platform's Keycloak from a terminal and prints an access token for accounts-service
# (http://localhost:8082). It uses the OAuth 2.0 device authorization grant of the public client switchboard-cli:
# open the link it shows on stderr, sign up or log in there; no password passes through this script.
# Usage: TOKEN=$(deploy/local/login.sh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
OIDC="http://localhost:$KEYCLOAK_PORT/realms/switchboard/protocol/openid-connect"
field() { sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^\",}]*\).*/\1/p" <<< "$2"; } # one scalar field of a flat JSON object

grant=$(curl -fsS -d client_id=switchboard-cli "$OIDC/auth/device") || die "Keycloak is not answering at $OIDC (deploy/local/up.sh)"
device_code=$(field device_code "$grant")
interval=$(field interval "$grant"); interval=${interval:-5}
expires=$(field expires_in "$grant"); expires=${expires:-600}
printf 'Open %s in a browser and sign up or log in (code %s); waiting…\n' \
  "$(field verification_uri_complete "$grant")" "$(field user_code "$grant")" >&2
deadline=$((SECONDS + expires))
while (( SECONDS < deadline )); do
  sleep "$interval"
  answer=$(curl -sS -d client_id=switchboard-cli -d grant_type=urn:ietf:params:oauth:grant-type:device_code \
    -d device_code="$device_code" "$OIDC/token")
  token=$(field access_token "$answer")
  if [[ -n "$token" ]]; then
    echo "$token"
    exit 0
  fi
  case "$(field error "$answer")" in
    authorization_pending) ;;
    slow_down) interval=$((interval + 5)) ;;
    *) die "login failed: $answer" ;;
  esac
done
die "the login link expired; run deploy/local/login.sh again"
