#!/usr/bin/env bash
# Starts the whole Switchboard platform on this machine: Postgres database, Keycloak with the realm, the four
# services and the testkit's fakes of the outside world. Idempotent: what already runs is left alone.
# Logs: .local/logs/. Stop with deploy/local/down.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
mkdir -p "$LOGS" "$PIDS"

JAVA_HOME=$(find_jdk); export JAVA_HOME
log "JDK: $JAVA_HOME"

# ---- build, if any service is missing or older than the sources
needs_build=0
for entry in "${SERVICES[@]}"; do
  IFS=: read -r _ _ _ module <<< "$entry"
  jar="$ROOT/$module/target/quarkus-app/quarkus-run.jar"
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$ROOT/$module/src" "$ROOT/schema/src" -newer "$jar" -type f -print -quit)" ]]; then
    needs_build=1
  fi
done
TESTKIT_JAR="$ROOT/testkit/target/switchboard-testkit-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$TESTKIT_JAR" || ! -f "$ROOT/testkit/target/fake-provider.classpath" ]] \
   || [[ -n "$(find "$ROOT/testkit/src/main" -newer "$TESTKIT_JAR" -type f -print -quit)" ]]; then
  needs_build=1
fi
if (( needs_build )); then
  log "building (./mvnw install -DskipTests), log: $LOGS/build.log"
  (cd "$ROOT" && ./mvnw -B install -DskipTests > "$LOGS/build.log" 2>&1) || { tail -30 "$LOGS/build.log"; die "build failed"; }
fi

# ---- database: DATABASE_URL (postgres://user:password@host:port/db) or the local Postgres
if [[ -n "${DATABASE_URL:-}" ]]; then
  rest=${DATABASE_URL#*://}
  creds=""; [[ "$rest" == *@* ]] && { creds=${rest%%@*}; rest=${rest#*@}; }
  hostport=${rest%%/*}; dbname=${rest#*/}; dbname=${dbname%%\?*}
  DB_USER=${creds%%:*}; DB_PASSWORD=""; [[ "$creds" == *:* ]] && DB_PASSWORD=${creds#*:}
  [[ "$hostport" == *:* ]] || hostport="$hostport:5432"
  JDBC_URL="jdbc:postgresql://$hostport/$dbname"
  log "database: $JDBC_URL (from DATABASE_URL)"
else
  DB_USER=postgres; DB_PASSWORD=""; JDBC_URL="jdbc:postgresql://127.0.0.1:5432/switchboard"
  command -v psql > /dev/null || die "psql not found: install the Postgres client, or set DATABASE_URL"
  psql -h 127.0.0.1 -U postgres -d postgres -Atqc 'select 1' > /dev/null 2>&1 \
    || die "no Postgres on 127.0.0.1:5432 (user postgres): start it, or set DATABASE_URL=postgres://user:password@host:5432/db"
  if [[ -z "$(psql -h 127.0.0.1 -U postgres -d postgres -Atqc "select 1 from pg_database where datname = 'switchboard'")" ]]; then
    psql -h 127.0.0.1 -U postgres -d postgres -qc 'create database switchboard' || die "could not create database switchboard"
    log "database: created switchboard on 127.0.0.1:5432"
  else
    log "database: switchboard on 127.0.0.1:5432"
  fi
fi
export SWITCHBOARD_DB_JDBC_URL="$JDBC_URL" SWITCHBOARD_DB_USER="$DB_USER" SWITCHBOARD_DB_PASSWORD="$DB_PASSWORD"
export SWITCHBOARD_DB_REACTIVE_URL="${JDBC_URL#jdbc:}"

port_busy() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

# ---- Redis (optional): with one at 127.0.0.1:6379 the gateway shares endpoint health through it (docs/health.md);
# without, each gateway judges its providers' health alone. SWITCHBOARD_HEALTH_REDIS=true|false overrides.
export SWITCHBOARD_REDIS_URL=${SWITCHBOARD_REDIS_URL:-redis://127.0.0.1:6379}
if [[ -z "${SWITCHBOARD_HEALTH_REDIS:-}" ]]; then
  if [[ "$SWITCHBOARD_REDIS_URL" == redis://127.0.0.1:6379 ]] && port_busy 6379; then
    export SWITCHBOARD_HEALTH_REDIS=true
    log "redis: endpoint health shared through $SWITCHBOARD_REDIS_URL"
  else
    export SWITCHBOARD_HEALTH_REDIS=false
  fi
fi

# wait_for NAME URL PID: until URL answers 200 with "UP" (or any 200 for Keycloak), or the process dies
wait_for() {
  local name=$1 url=$2 pid=$3 deadline=$((SECONDS + ${4:-180}))
  until curl -fsS -o /dev/null "$url" 2> /dev/null; do
    kill -0 "$pid" 2> /dev/null || { tail -30 "$LOGS/$name.log"; die "$name exited during start (log: $LOGS/$name.log)"; }
    (( SECONDS < deadline )) || { tail -30 "$LOGS/$name.log"; die "$name not ready after ${4:-180}s (log: $LOGS/$name.log)"; }
    sleep 1
  done
}

# ---- Keycloak with the realm imported
KC_HOME="$STATE/keycloak-$KEYCLOAK_VERSION"
if ! pid=$(running_pid keycloak "$KC_HOME"); then
  port_busy "$KEYCLOAK_PORT" && die "port $KEYCLOAK_PORT is in use by another process (set KEYCLOAK_PORT)"
  if [[ ! -x "$KC_HOME/bin/kc.sh" ]]; then
    tarball="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz"
    if [[ ! -f "$tarball" ]]; then
      log "fetching Keycloak $KEYCLOAK_VERSION through Maven"
      (cd "$ROOT" && ./mvnw -B -q dependency:get -Dtransitive=false -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz") \
        || die "could not resolve the Keycloak distribution"
    fi
    tar -xzf "$tarball" -C "$STATE"
  fi
  mkdir -p "$KC_HOME/data/import"
  # --import-realm skips a realm that exists: a local Keycloak started before the realm file changed keeps the old one
  if [[ -f "$KC_HOME/data/import/switchboard-realm.json" ]] \
      && ! cmp -s "$ROOT/deploy/keycloak/switchboard-realm.json" "$KC_HOME/data/import/switchboard-realm.json" \
      && [[ -d "$KC_HOME/data/h2" ]]; then
    log "WARNING: deploy/keycloak/switchboard-realm.json changed since this Keycloak imported it; to re-import it" \
      "(local Keycloak users are lost): deploy/local/down.sh && rm -rf $KC_HOME/data/h2 && deploy/local/up.sh"
  fi
  cp "$ROOT/deploy/keycloak/switchboard-realm.json" "$KC_HOME/data/import/"
  log "starting Keycloak on $KEYCLOAK_PORT (first start builds it: ~30 s)"
  KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin} KC_BOOTSTRAP_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin} \
    nohup "$KC_HOME/bin/kc.sh" start-dev --http-port="$KEYCLOAK_PORT" --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" \
    --import-realm > "$LOGS/keycloak.log" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$PIDS/keycloak.pid"
else
  log "Keycloak already running (pid $pid)"
fi
KEYCLOAK_PID=$pid

# ---- the testkit's fakes of the outside world: the fake LLM provider (OpenAI, Anthropic and Gemini formats)
# serves the default catalog's switchboard/echo* models, so a fresh install answers with no API keys
FAKE_PROVIDER_PORT=${FAKE_PROVIDER_PORT:-8090}
export SWITCHBOARD_FAKE_PROVIDER_URL="http://127.0.0.1:$FAKE_PROVIDER_PORT"
if pid=$(running_pid fake-provider "switchboard.local=fake-provider"); then
  log "fake-provider already running (pid $pid)"
else
  port_busy "$FAKE_PROVIDER_PORT" && die "port $FAKE_PROVIDER_PORT is in use by another process (set FAKE_PROVIDER_PORT)"
  log "starting fake-provider on $FAKE_PROVIDER_PORT"
  nohup "$JAVA_HOME/bin/java" -Dswitchboard.local=fake-provider -Xmx256m \
    -cp "$TESTKIT_JAR:$(cat "$ROOT/testkit/target/fake-provider.classpath")" dev.switchboard.testkit.providers.FakeProviderMain \
    --port "$FAKE_PROVIDER_PORT" --host 127.0.0.1 > "$LOGS/fake-provider.log" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$PIDS/fake-provider.pid"
fi
FAKE_PID=$pid

# ---- the testkit's Stripe fake, so that buying credit works offline: billing-service talks to it instead of
# api.stripe.com (same stripe-java code path, other base URL and keys) and it signs and sends the webhooks back.
# With STRIPE_SECRET_KEY set (a real test-mode account) the fake is not started and billing-service uses Stripe.
FAKE_STRIPE_PID=""
if [[ -z "${STRIPE_SECRET_KEY:-}" ]]; then
  FAKE_STRIPE_PORT=${FAKE_STRIPE_PORT:-12111}
  export STRIPE_SECRET_KEY=sk_test_switchboard_fake STRIPE_WEBHOOK_SECRET=whsec_switchboardLocalFakeStripe0000
  export SWITCHBOARD_STRIPE_API_BASE="http://127.0.0.1:$FAKE_STRIPE_PORT"
  if pid=$(running_pid fake-stripe "switchboard.local=fake-stripe"); then
    log "fake-stripe already running (pid $pid)"
  else
    port_busy "$FAKE_STRIPE_PORT" && die "port $FAKE_STRIPE_PORT is in use by another process (set FAKE_STRIPE_PORT)"
    log "starting fake-stripe on $FAKE_STRIPE_PORT"
    nohup "$JAVA_HOME/bin/java" -Dswitchboard.local=fake-stripe -Xmx256m \
      -cp "$TESTKIT_JAR:$(cat "$ROOT/testkit/target/fake-provider.classpath")" dev.switchboard.testkit.stripe.FakeStripeMain \
      --port "$FAKE_STRIPE_PORT" --host 127.0.0.1 --webhook-url http://127.0.0.1:8083/stripe/webhook \
      --secret-key "$STRIPE_SECRET_KEY" --webhook-secret "$STRIPE_WEBHOOK_SECRET" > "$LOGS/fake-stripe.log" 2>&1 < /dev/null &
    pid=$!
    echo "$pid" > "$PIDS/fake-stripe.pid"
  fi
  FAKE_STRIPE_PID=$pid
else
  log "Stripe: STRIPE_SECRET_KEY is set, billing-service uses Stripe itself (no fake)"
fi

# ---- services
# the services log JSON lines in production; these logs are read by people
export SWITCHBOARD_LOG_JSON="${SWITCHBOARD_LOG_JSON:-false}"
export QUARKUS_OIDC_AUTH_SERVER_URL="http://localhost:$KEYCLOAK_PORT/realms/switchboard"
wait_for keycloak "http://localhost:$KEYCLOAK_PORT/realms/switchboard/.well-known/openid-configuration" "$KEYCLOAK_PID" 300
log "Keycloak ready"
wait_for fake-provider "$SWITCHBOARD_FAKE_PROVIDER_URL/health" "$FAKE_PID" 60
log "fake-provider UP"
if [[ -n "$FAKE_STRIPE_PID" ]]; then
  wait_for fake-stripe "$SWITCHBOARD_STRIPE_API_BASE/health" "$FAKE_STRIPE_PID" 60
  log "fake-stripe UP"
fi
declare -A SERVICE_PIDS
for entry in "${SERVICES[@]}"; do
  IFS=: read -r name port management module <<< "$entry"
  if pid=$(running_pid "$name" "$ROOT/$module/target/quarkus-app/quarkus-run.jar"); then
    log "$name already running (pid $pid)"
  else
    port_busy "$port" && die "port $port is in use by another process: stop it before starting $name"
    port_busy "$management" && die "port $management is in use by another process: stop it before starting $name"
    log "starting $name on $port (management: $management)"
    # web's client secret is the one the local realm was imported with (the packaged web has no default for it);
    # web's only: a service given a client secret authenticates to Keycloak as a client, which the others are not
    secret=()
    [[ "$name" == web ]] && secret=("QUARKUS_OIDC_CREDENTIALS_SECRET=${SWITCHBOARD_WEB_CLIENT_SECRET:-switchboard-web-local-secret}")
    # the gateway's metering journal (what a killed gateway had not written is written at its next start)
    [[ "$name" == gateway ]] && secret=("SWITCHBOARD_METERING_JOURNAL=${SWITCHBOARD_METERING_JOURNAL:-$STATE/metering-journal}")
    nohup env "${secret[@]}" "$JAVA_HOME/bin/java" -Dswitchboard.local="$name" -Xmx384m -jar "$ROOT/$module/target/quarkus-app/quarkus-run.jar" \
      > "$LOGS/$name.log" 2>&1 < /dev/null &
    pid=$!
    echo "$pid" > "$PIDS/$name.pid"
  fi
  SERVICE_PIDS[$name]=$pid
done
for entry in "${SERVICES[@]}"; do
  IFS=: read -r name _ management _ <<< "$entry"
  wait_for "$name" "http://localhost:$management/q/health/ready" "${SERVICE_PIDS[$name]}" 180
  log "$name UP"
done

cat <<INFO

Switchboard is up.
  gateway   http://localhost:8080/api/v1
  web       http://localhost:8081
  accounts  http://localhost:8082
  billing   http://localhost:8083
  health and metrics: port + 1000, e.g. http://localhost:9080/q/health, http://localhost:9080/q/metrics
  keycloak  http://localhost:$KEYCLOAK_PORT   (admin console: admin / ${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}, realm: switchboard)
  fake LLM provider  $SWITCHBOARD_FAKE_PROVIDER_URL   (serves the switchboard/echo* models)
  Stripe    ${SWITCHBOARD_STRIPE_API_BASE:-Stripe itself}   (buy credit: deploy/local/buy-credit.sh)
Logs in .local/logs/; stop everything with deploy/local/down.sh
INFO
