#!/usr/bin/env bash
# Builds Switchboard's container images as tarballs, without a Docker engine or a registry:
#   <service>/target/jib-image.tar   switchboard/<service>:<version>  (gateway-service, accounts-service, billing-service, web)
#   testkit/target/jib-image.tar     switchboard/testkit-fakes:<version>  (the demo fakes: provider, Stripe)
# each in the format `docker save` writes: `docker load -i`, `podman load -i`, `kind load image-archive`,
# `skopeo copy docker-archive:<tar> docker://<registry>/<name>:<tag>` all take it.
#
# How: deploy/images/base-image.sh makes the base image (Debian's C libraries, a jlink of the build JDK, user 185) as a
# tarball once; then one Maven build with -Pimages, in which Quarkus' Jib extension builds each service's image on it
# (tar:// base image; Jib's "docker load" goes to deploy/images/docker-to-tar) and jib-maven-plugin the fakes' image.
# Then the deploy module's ImageTarballsTest checks every tarball (manifest, layers, entrypoint, ports, user, env).
#
# usage: deploy/images.sh [--fresh-base] [--run]
#   --fresh-base  rebuild the base image even if it is up to date (new Debian security updates, a new JDK)
#   --run         also start the images (root only, a chroot per image, against the local Postgres): the schema
#                 migration of accounts-service's image, then the gateway's image until /q/health/ready answers UP
# Maven runs offline when MAVEN_OFFLINE=1 (everything already in ~/.m2).
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/local/lib.sh
JAVA_HOME=$(find_jdk); export JAVA_HOME
started=$SECONDS

fresh_base=0
run=0
for arg in "$@"; do
  case "$arg" in
    --fresh-base) fresh_base=1 ;;
    --run) run=1 ;;
    *) die "unknown argument $arg (usage: deploy/images.sh [--fresh-base] [--run])" ;;
  esac
done
mvn_flags=(-B -q)
[[ "${MAVEN_OFFLINE:-0}" == 1 ]] && mvn_flags+=(-o)

# ---- the base image: rebuilt when missing, when its script changed, or for another JDK
base=deploy/target/images/base-image.tar
stamp="$base.source"
want="$(sha256sum deploy/images/base-image.sh | cut -d' ' -f1) $JAVA_HOME $(sed -n 's/^JAVA_RUNTIME_VERSION=//p' "$JAVA_HOME/release")"
if (( fresh_base )) || [[ ! -f "$base" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  log "base image: $base (Debian packages + jlink of $JAVA_HOME)"
  deploy/images/base-image.sh "$base"
  echo "$want" > "$stamp"
else
  log "base image: $base is up to date"
fi

# ---- the images: the services' Quarkus builds and the testkit, with the images profile
modules=gateway-service,accounts-service,billing-service,web,testkit
log "building the images (./mvnw -Pimages package -DskipTests -pl $modules -am)"
rm -f {gateway-service,accounts-service,billing-service,web,testkit}/target/jib-image.tar
./mvnw "${mvn_flags[@]}" -Pimages package -DskipTests -pl "$modules" -am

# ---- what they are: ImageTarballsTest reads each tarball
log "checking the tarballs (deploy: ImageTarballsTest)"
./mvnw "${mvn_flags[@]}" -pl deploy test -Dtest=ImageTarballsTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dswitchboard.images.check=true

if (( run )); then
  deploy/images/run-check.sh
fi

for module in gateway-service accounts-service billing-service web testkit; do
  tar=$module/target/jib-image.tar
  name=$(tar -xOf "$tar" manifest.json | sed -n 's/.*"RepoTags":\["\([^"]*\)".*/\1/p')
  printf '  %-42s %-34s %s\n' "$name" "$tar" "$(du -h "$tar" | cut -f1)"
done
log "images built in $((SECONDS - started)) s"
