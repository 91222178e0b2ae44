#!/usr/bin/env bash
# Builds the base image of Switchboard's container images as a tarball in the format `docker save` writes (what
# Jib takes as `tar://<path>`), without a Docker engine or a registry: Debian's C libraries (apt-get download, the
# same packages the build machine runs on) and a Java runtime linked with jlink from the JDK that builds the project.
# One layer; user 185 (switchboard) and group 185 exist, /tmp is writable. busybox (static, no applet links: nothing
# named sh is on the PATH) is there for health checks in Docker Compose (`busybox wget`) and for an operator's
# `kubectl exec`: the JVM needs no shell.
#
# usage: deploy/images/base-image.sh OUTPUT.tar       (JAVA_HOME: the JDK to link the runtime from, 21+)
# The layer is reproducible for the same packages and JDK (fixed file times, owners and order), so Jib's cache of
# base layers stays warm between builds.
set -euo pipefail
out=${1:?usage: base-image.sh OUTPUT.tar}
[[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/jlink" ]] || { echo "base-image.sh: JAVA_HOME must be a JDK with jlink" >&2; exit 1; }

# Debian packages the JVM and the native libraries the services load need: glibc; libstdc++ and libgcc for brotli4j
# (Vert.x's compression codec); zlib for native code that links it. Netty's epoll transport needs only glibc.
PACKAGES=(libc6 libgcc-s1 libstdc++6 zlib1g busybox-static)
# The Java SE modules (jdeps over the services' jars misses some that are reached by reflection or only in a signature,
# such as java.rmi for the transaction API: every SE module costs a few MB at most), the JDK modules the services and
# their libraries use (jdk.unsupported, jdk.httpserver for stripe-java, jdk.management for Micrometer, DNS and ZIP file
# systems, the crypto providers), and what an operator needs in a running container: jcmd (thread and heap dumps), JFR.
MODULES=java.se,jdk.attach,jdk.charsets,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.httpserver,jdk.jcmd,jdk.jfr
MODULES+=,jdk.management,jdk.management.jfr,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.security.jgss
MODULES+=,jdk.unsupported,jdk.zipfs
APP_UID=185
EPOCH=${SOURCE_DATE_EPOCH:-0}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
mkdir -p "$rootfs" "$work/debs"

# apt-get download needs the package lists; a fresh machine may not have them yet
if ! (cd "$work/debs" && apt-get download "${PACKAGES[@]}" > "$work/apt.log" 2>&1); then
  echo "base-image.sh: apt-get download failed, updating the package lists once" >&2
  if [[ $(id -u) -eq 0 ]]; then apt-get update -qq; else sudo apt-get update -qq; fi
  (cd "$work/debs" && apt-get download "${PACKAGES[@]}" > "$work/apt.log" 2>&1) || { cat "$work/apt.log" >&2; exit 1; }
fi
versions=()
for deb in "$work"/debs/*.deb; do
  dpkg-deb -x "$deb" "$rootfs"
  versions+=("$(dpkg-deb -f "$deb" Package)=$(dpkg-deb -f "$deb" Version)")
done
# documentation, the initramfs hooks of busybox and glibc's iconv modules (the JVM converts charsets itself)
rm -rf "$rootfs"/usr/share/{doc,lintian,man,info,locale,gdb,gcc,initramfs-tools} "$rootfs"/etc/ld.so.conf.d \
  "$rootfs"/usr/lib/*-linux-gnu/gconv
# busybox-static ships /bin/busybox; keep it on the PATH under its own name only
[[ -x "$rootfs/bin/busybox" ]] || { echo "base-image.sh: busybox-static did not provide /bin/busybox" >&2; exit 1; }

"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --output "$rootfs/opt/java" \
  --strip-debug --no-man-pages --no-header-files --compress=zip-6
java_version=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$rootfs/opt/java/release")
java_vendor=$(sed -n 's/^IMPLEMENTOR="\(.*\)"/\1/p' "$JAVA_HOME/release")

mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/home/jboss" "$rootfs/root"
cat > "$rootfs/etc/passwd" <<EOF
root:x:0:0:root:/root:/sbin/nologin
switchboard:x:$APP_UID:$APP_UID:Switchboard:/home/jboss:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
EOF
cat > "$rootfs/etc/group" <<EOF
root:x:0:
switchboard:x:$APP_UID:
nogroup:x:65534:
EOF
printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
chmod 1777 "$rootfs/tmp"
chmod 0755 "$rootfs/home/jboss" "$rootfs/root"

# the layer: sorted, fixed times, root-owned (but /home/jboss, the application's working directory), no atime/ctime
find "$rootfs" -exec touch -h -d "@$EPOCH" {} +
(cd "$rootfs" && tar --sort=name --numeric-owner --owner=0 --group=0 --mtime="@$EPOCH" --format=posix \
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
  --transform="s,^\./,," -cf "$work/layer.tar" \
  --exclude=./home/jboss ./* \
  && tar --numeric-owner --owner=$APP_UID --group=$APP_UID --mtime="@$EPOCH" --format=posix \
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
  --no-recursion --transform="s,^\./,," -rf "$work/layer.tar" ./home/jboss)
diff_id=sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)

arch=$(dpkg --print-architecture)
created=$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)
cat > "$work/config.json" <<EOF
{
  "architecture": "$arch",
  "os": "linux",
  "created": "$created",
  "config": {
    "Env": [
      "PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin",
      "JAVA_HOME=/opt/java",
      "LANG=C.UTF-8"
    ],
    "User": "$APP_UID:$APP_UID",
    "WorkingDir": "/home/jboss",
    "Labels": {
      "dev.switchboard.base-image": "deploy/images/base-image.sh",
      "dev.switchboard.base-image.contents": "Debian ${versions[*]}; Java $java_vendor $java_version (jlink)"
    }
  },
  "rootfs": {"type": "layers", "diff_ids": ["$diff_id"]},
  "history": [{"created": "$created", "created_by": "deploy/images/base-image.sh"}]
}
EOF
cat > "$work/manifest.json" <<EOF
[{"Config": "config.json", "RepoTags": ["switchboard/base:java-$java_version"], "Layers": ["layer.tar"]}]
EOF
mkdir -p "$(dirname "$out")"
tar --sort=name --numeric-owner --owner=0 --group=0 --mtime="@$EPOCH" -C "$work" -cf "$out.partial" \
  manifest.json config.json layer.tar
mv "$out.partial" "$out"
echo "base image: $out ($(du -h "$out" | cut -f1); Java $java_vendor $java_version; ${versions[*]})"
