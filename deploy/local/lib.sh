# Shared by up.sh and down.sh: paths, the JDK, and the processes the local platform consists of.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE="$ROOT/.local"
LOGS="$STATE/logs"
PIDS="$STATE/pids"
KEYCLOAK_VERSION=26.7.3
KEYCLOAK_PORT=${KEYCLOAK_PORT:-8180}
KEYCLOAK_MANAGEMENT_PORT=${KEYCLOAK_MANAGEMENT_PORT:-9180}

# name:port:management-port:module — the services, started in this order. Each serves its API on the port and
# /q/health, /q/metrics only on its management port (port + 1000, set in its application.properties).
SERVICES=(
  "accounts-service:8082:9082:accounts-service"
  "billing-service:8083:9083:billing-service"
  "gateway-service:8080:9080:gateway-service"
  "web:8081:9081:web"
)

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

# A JDK 21+: JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
find_jdk() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && (( $(java_major "$JAVA_HOME") >= 21 )); then
    echo "$JAVA_HOME"; return
  fi
  local candidate best="" best_major=0 major
  for candidate in /usr/lib/jvm/*; do
    [[ -x "$candidate/bin/javac" ]] || continue
    major=$(java_major "$candidate") || continue
    if (( major >= 21 && major > best_major )); then best="$candidate"; best_major=$major; fi
  done
  [[ -n "$best" ]] || die "no JDK 21 or newer found: install one and set JAVA_HOME"
  echo "$best"
}

# Is the process recorded in $PIDS/<name>.pid alive and still the one we started?
running_pid() {
  local file="$PIDS/$1.pid" pid
  [[ -f "$file" ]] || return 1
  pid=$(cat "$file")
  [[ -n "$pid" && -d "/proc/$pid" ]] || return 1
  grep -qa -- "switchboard.local=$1" "/proc/$pid/cmdline" 2>/dev/null || grep -qa -- "$2" "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}
