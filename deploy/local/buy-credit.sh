#!/usr/bin/env bash
# Buys credit on the local platform through billing-service's REST API and Stripe Checkout, offline: the Checkout page
# is the testkit's Stripe fake (started by up.sh), whose Pay button this script presses with the test card 4242…; the
# fake then sends the signed webhook that credits the organization. Usage:
#   TOKEN=$(deploy/local/login.sh) deploy/local/buy-credit.sh <organization id> [usd]   (owner or admin of it)
# With a real Stripe test account (STRIPE_SECRET_KEY set for up.sh) it prints the Checkout URL to open instead.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ORG=${1:-}
USD=${2:-20}
BILLING=${BILLING_URL:-http://localhost:8083}
[[ -n "${TOKEN:-}" ]] || die "set TOKEN: TOKEN=\$(deploy/local/login.sh) $0 <organization id> [usd]"
[[ "$ORG" =~ ^[0-9a-f-]{36}$ ]] || die "usage: buy-credit.sh <organization id> [usd] (GET http://localhost:8082/me names your organizations)"
api() { curl -sS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
field() { sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^\",}]*\).*/\1/p" <<< "$2" | head -1; }

echo "quote: $(api "$BILLING/organizations/$ORG/checkout/quote?amount=$USD")" >&2
answer=$(api -X POST -d "{\"amount\": $USD}" "$BILLING/organizations/$ORG/checkout")
url=$(field checkout_url "$answer")
payment=$(field payment_id "$answer")
[[ -n "$url" ]] || die "checkout refused: $answer"
echo "payment $payment, Checkout page: $url" >&2
if [[ "$url" != http://127.0.0.1:* && "$url" != http://localhost:* ]]; then
  echo "open the page above and pay with the test card 4242 4242 4242 4242" >&2
  exit 0
fi
# what the fake page's Pay button posts
curl -sS -o /dev/null -d card=4242424242424242 "$url"
for _ in $(seq 1 30); do
  payments=$(api "$BILLING/organizations/$ORG/payments?limit=5")
  if grep -q "\"id\":\"$payment\",\"source\":\"checkout\",\"status\":\"paid\"" <<< "$payments"; then
    echo "paid; balance: $(api "$BILLING/organizations/$ORG/balance")" >&2
    exit 0
  fi
  sleep 1
done
die "the payment is not paid after 30 s (webhook delivery: .local/logs/fake-stripe.log, billing: .local/logs/billing-service.log)"
