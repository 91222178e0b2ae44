#!/usr/bin/env bash
# Runs the built images the way a container runtime would, without one: each image's layers unpacked in order into a
# root filesystem, mounted read-only with an empty /tmp (what the Kubernetes manifests give: readOnlyRootFilesystem and
# an emptyDir), its entrypoint started in a chroot as the image's user, in its working directory, with its environment.
# Against a throw-away database on the local Postgres:
#   1. accounts-service's image with QUARKUS_INIT_AND_EXIT=true (the migration Job): exits 0, the schema is migrated;
#   2. gateway-service's image, init-and-exit with Flyway validation (the init container wait-for-schema): exits 0;
#   3. gateway-service's image as the service: /q/health/ready is UP on the management port, the public port answers
#      404 for /q/health, and SIGTERM stops it within its grace period.
# Needs root (chroot, mounts in a private mount namespace that vanish with this script). Called by deploy/images.sh --run.
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/local/lib.sh
[[ $(id -u) -eq 0 ]] || die "run-check.sh needs root (chroot and mounts); run deploy/images.sh without --run"
command -v psql > /dev/null || die "run-check.sh needs psql and the local Postgres on 127.0.0.1:5432"

work=$(mktemp -d)
db=switchboard_images_$$
cleanup() {
  if [[ -n "${pid:-}" ]]; then kill "$pid" 2> /dev/null || true; fi
  psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $db" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
psql -h 127.0.0.1 -U postgres -d postgres -qc "create database $db" > /dev/null
jdbc=jdbc:postgresql://127.0.0.1:5432/$db

# unpack IMAGE_TAR DIR: the root filesystem (layers in order; Jib writes no whiteouts) and the image's config
unpack() {
  mkdir -p "$2/image" "$2/rootfs"
  tar -xf "$1" -C "$2/image"
  python3 -c 'import json,sys; [print(l) for l in json.load(open(sys.argv[1]))[0]["Layers"]]' "$2/image/manifest.json" |
    while read -r layer; do tar --warning=no-unknown-keyword --numeric-owner -xpf "$2/image/$layer" -C "$2/rootfs"; done
}

# run DIR LOG [NAME=VALUE...]: the image's entrypoint, in the background; sets $pid
run() {
  local dir=$1 logfile=$2; shift 2
  local config=$dir/image/config.json
  local user workdir
  user=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["config"]["User"])' "$config")
  workdir=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["config"]["WorkingDir"])' "$config")
  mapfile -t env < <(python3 -c 'import json,sys; [print(e) for e in json.load(open(sys.argv[1]))["config"]["Env"]]' "$config")
  mapfile -t cmd < <(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["config"]; [print(a) for a in (c.get("Entrypoint") or []) + (c.get("Cmd") or [])]' "$config")
  # a private mount namespace: the read-only root, /proc and the empty /tmp disappear with the process
  unshare --mount --propagation private /bin/bash -c '
    set -e
    root=$1 workdir=$2 user=$3; shift 3
    mount --bind "$root" "$root" && mount -o remount,bind,ro "$root"
    mount -t proc proc "$root/proc"
    mount -t tmpfs -o mode=1777,size=256m tmpfs "$root/tmp"
    exec /usr/sbin/chroot --userspec="$user" "$root" /bin/busybox sh -c "cd \"\$0\" && exec \"\$@\"" "$workdir" "$@"
  ' run "$dir/rootfs" "$workdir" "$user" env -i "${env[@]}" "$@" "${cmd[@]}" > "$logfile" 2>&1 &
  pid=$!
}

unpack accounts-service/target/jib-image.tar "$work/accounts"
unpack gateway-service/target/jib-image.tar "$work/gateway"
# alive PID: running, not a zombie waiting to be reaped
alive() { local stat; stat=$(ps -o stat= -p "$1" 2> /dev/null) && [[ "$stat" != Z* ]]; }

mkdir -p "$work/accounts/rootfs/proc" "$work/gateway/rootfs/proc"

log "image run: accounts-service migrates $db (QUARKUS_INIT_AND_EXIT=true)"
run "$work/accounts" "$work/migrate.log" SWITCHBOARD_DB_JDBC_URL="$jdbc" QUARKUS_INIT_AND_EXIT=true \
  QUARKUS_FLYWAY_MIGRATE_AT_START=true
wait "$pid" || { tail -30 "$work/migrate.log"; die "the migration run of accounts-service's image failed"; }
pid=""
version=$(psql -h 127.0.0.1 -U postgres -d "$db" -Atc 'select max(version::int) from flyway_schema_history where success')
log "image run: schema at version $version"

log "image run: gateway-service validates the schema (the init container wait-for-schema)"
run "$work/gateway" "$work/validate.log" SWITCHBOARD_DB_JDBC_URL="$jdbc" QUARKUS_INIT_AND_EXIT=true \
  QUARKUS_FLYWAY_MIGRATE_AT_START=false QUARKUS_FLYWAY_VALIDATE_AT_START=true
wait "$pid" || { tail -30 "$work/validate.log"; die "the schema check of gateway-service's image failed"; }
pid=""

# free ports, so that a local platform on 8080/9080 does not matter
http_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
management_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log "image run: gateway-service serves (http $http_port, management $management_port)"
# the metering journal on the writable /tmp, as the manifests put it on an emptyDir (the root is read-only)
run "$work/gateway" "$work/gateway.log" SWITCHBOARD_DB_JDBC_URL="$jdbc" SWITCHBOARD_DB_REACTIVE_URL="${jdbc#jdbc:}" \
  QUARKUS_FLYWAY_MIGRATE_AT_START=false QUARKUS_HTTP_PORT="$http_port" QUARKUS_MANAGEMENT_PORT="$management_port" \
  SWITCHBOARD_METERING_JOURNAL=/tmp/metering-journal
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$management_port/q/health/ready" 2> /dev/null | grep -q '"status": *"UP"' && break
  alive "$pid" || { tail -30 "$work/gateway.log"; die "gateway-service's image exited during start"; }
  sleep 1
done
curl -fsS "http://127.0.0.1:$management_port/q/health/ready" | grep -q '"status": *"UP"' \
  || { tail -30 "$work/gateway.log"; die "gateway-service's image is not ready after 120 s"; }
public=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/q/health")
[[ "$public" == 404 ]] || die "gateway-service's image answers /q/health on its public port ($public)"
uid=$(ps -o uid= -p "$pid" | tr -d ' ')
[[ "$uid" != 0 && -n "$uid" ]] || die "gateway-service's image runs as root"
log "image run: gateway-service UP as uid $uid, /q/health answers 404 on the public port"
kill -TERM "$pid"
for _ in $(seq 1 60); do alive "$pid" || break; sleep 1; done
alive "$pid" && die "gateway-service's image did not stop within 60 s of SIGTERM"
wait "$pid" || true
pid=""
grep -q "stopped in" "$work/gateway.log" || { tail -20 "$work/gateway.log"; die "gateway-service did not stop gracefully"; }
log "image run: gateway-service stopped on SIGTERM"
