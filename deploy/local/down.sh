#!/usr/bin/env bash
# Stops exactly the processes deploy/local/up.sh started (by the pids it recorded), newest first.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

stop() {
  local name=$1 marker=$2 pid
  if ! pid=$(running_pid "$name" "$marker"); then
    rm -f "$PIDS/$name.pid"
    return
  fi
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2> /dev/null || true
  for _ in $(seq 1 60); do
    [[ -d "/proc/$pid" ]] || break
    sleep 0.5
  done
  if [[ -d "/proc/$pid" ]]; then
    log "$name did not stop within 30 s: killing it"
    kill -KILL "$pid" 2> /dev/null || true
  fi
  rm -f "$PIDS/$name.pid"
}

# the services first (in parallel: each flushes its own work on SIGTERM), then the fakes, then Keycloak
for entry in "${SERVICES[@]}"; do
  IFS=: read -r name _ _ module <<< "$entry"
  stop "$name" "$ROOT/$module/target/quarkus-app/quarkus-run.jar" &
done
wait
for file in "$PIDS"/fake-*.pid; do
  [[ -e "$file" ]] || continue
  name=$(basename "$file" .pid)
  stop "$name" "switchboard.local=$name"
done
stop keycloak "$STATE/keycloak-$KEYCLOAK_VERSION"
log "stopped"
