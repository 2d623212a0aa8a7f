#!/usr/bin/env bash
# A realistic multi-platform fixture, built offline from Debian's packages: a python3 base image
# (Debian's python3 with its standard library and shared libraries, ~60 MB and ~1,600 files per
# platform) for linux/amd64, linux/arm64 and linux/arm/v7, pushed to the local test registry, and a
# small Python app on top of it. Called by setup-test-env.sh; idempotent: the packages and root
# filesystems are cached under $STATE_DIR/fixture-python, and the base is pushed again only when the
# (in-memory) registry no longer has it.
set -euo pipefail

STATE_DIR=${MAB_STATE_DIR:-/var/lib/mab-test}
DIR="$STATE_DIR/fixture-python"
# TARGETARCH+TARGETVARIANT : Debian architecture
ARCHES=("amd64:amd64" "arm64:arm64" "armv7:armhf")
PLATFORMS=linux/amd64,linux/arm64,linux/arm/v7
# python3 and what it loads, plus a shell and coreutils, as a slim Debian base has them.
PACKAGES=(
  python3-minimal python3.11-minimal libpython3.11-minimal libpython3.11-stdlib python3.11
  libc6 libgcc-s1 zlib1g libexpat1 libffi8 libssl3 libsqlite3-0 libbz2-1.0 liblzma5 libuuid1 libcrypt1
  libncursesw6 libtinfo6 libreadline8 libdb5.3 libgdbm6 libgdbm-compat4 libnsl2 libtirpc3 libgssapi-krb5-2
  libkrb5-3 libk5crypto3 libkrb5support0 libcom-err2 libkeyutils1 libselinux1 libpcre2-8-0 libacl1 libattr1
  libgmp10 libcap2 dash coreutils base-files
)
ARCH_ALL=(tzdata media-types readline-common netbase)
# Bump when the packages or the assembly change: the cached files and the pushed base are then redone.
FIXTURE_VERSION=2

log() { printf '[fixture-python] %s\n' "$*"; }
# shellcheck disable=SC1091
. "$STATE_DIR/env"
BASE="$MAB_REGISTRY/fixtures/python-base:3.11"

download_packages() {
  [ -f "$DIR/debs/.complete" ] && return
  rm -rf "$DIR/debs" && mkdir -p "$DIR/debs" && chmod 755 "$DIR/debs"
  # apt fetches as its own user where it can.
  chown _apt "$DIR/debs" 2>/dev/null || true
  local wanted=("${ARCH_ALL[@]}") pair
  for pair in "${ARCHES[@]}"; do
    for package in "${PACKAGES[@]}"; do wanted+=("$package:${pair##*:}"); done
  done
  log "downloading ${#wanted[@]} packages"
  # One apt-get call: it rebuilds its cache once, not once per package.
  (cd "$DIR/debs" && apt-get download -qq -o APT::Default-Release=bookworm "${wanted[@]}" >/dev/null)
  touch "$DIR/debs/.complete"
}

# Extracts one architecture's packages (and the arch: all ones) into a root filesystem tarball.
assemble_rootfs() {
  local target=$1 debarch=$2 tarball="$DIR/rootfs-$1.tar"
  [ -s "$tarball" ] && return
  local root deb
  root=$(mktemp -d)
  for deb in "$DIR"/debs/*_"$debarch".deb "$DIR"/debs/*_all.deb; do dpkg -x "$deb" "$root"; done
  ln -sf python3.11 "$root/usr/bin/python3"
  ln -sf dash "$root/bin/sh"
  # The leap-second zones are not in a slim base (trixie moved them to tzdata-legacy).
  rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/lintian" "$root/usr/share/info" \
    "$root/usr/share/zoneinfo/right"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
  log "rootfs for $target: $(du -sm "$root" | cut -f1) MB, $(find "$root" -type f | wc -l) files"
  rm -rf "$root"
}

write_contexts() {
  mkdir -p "$DIR/base" "$DIR/app"
  cat >"$DIR/base/Dockerfile" <<'DOCKERFILE'
FROM scratch
ARG TARGETARCH
ARG TARGETVARIANT
ADD rootfs-${TARGETARCH}${TARGETVARIANT}.tar /
ENV LANG=C.UTF-8
CMD ["python3"]
DOCKERFILE
  for pair in "${ARCHES[@]}"; do ln -f "$DIR/rootfs-${pair%%:*}.tar" "$DIR/base/"; done
  cat >"$DIR/app/Dockerfile" <<DOCKERFILE
FROM $BASE
WORKDIR /app
COPY app/ /app/
RUN ["python3", "-m", "compileall", "-q", "/app"]
CMD ["python3", "/app/main.py"]
DOCKERFILE
  mkdir -p "$DIR/app/app"
  cat >"$DIR/app/app/main.py" <<'PY'
import json, platform, sqlite3, ssl, sys

print(json.dumps({"machine": platform.machine(), "python": sys.version.split()[0],
                  "sqlite": sqlite3.sqlite_version, "ssl": ssl.OPENSSL_VERSION}))
PY
  printf 'MAB_FIXTURE_PYTHON_BASE=%s\nMAB_FIXTURE_PYTHON_APP=%s\nMAB_FIXTURE_PYTHON_PLATFORMS=%s\n' \
    "$BASE" "$DIR/app" "$PLATFORMS" >"$DIR/env"
}

base_in_registry() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -u "$MAB_REGISTRY_USER:$MAB_REGISTRY_PASSWORD" \
    -H 'Accept: application/vnd.oci.image.index.v1+json' \
    "http://$MAB_REGISTRY/v2/fixtures/python-base/manifests/3.11" || true)
  [ "$code" = 200 ]
}

push_base() {
  # The registry keeps its data in memory: after a restart the base is pushed again.
  [ -f "$DIR/pushed" ] && base_in_registry && return
  local config; config=$(mktemp -d)
  docker --config "$config" login "$MAB_REGISTRY" -u "$MAB_REGISTRY_USER" --password-stdin <<<"$MAB_REGISTRY_PASSWORD" >/dev/null 2>&1
  # No RUN step: nothing runs under emulation, so this is quick on any host.
  docker --config "$config" buildx build --builder default --platform "$PLATFORMS" --provenance false \
    --output "type=image,name=$BASE,push=true" "$DIR/base" >/dev/null 2>"$DIR/base-build.log" ||
    { tail -n 20 "$DIR/base-build.log" >&2; rm -rf "$config"; exit 1; }
  rm -rf "$config"
  touch "$DIR/pushed"
  log "pushed $BASE ($PLATFORMS)"
}

mkdir -p "$DIR"
if [ "$(cat "$DIR/version" 2>/dev/null)" != "$FIXTURE_VERSION" ]; then
  rm -rf "$DIR/debs" "$DIR"/rootfs-*.tar "$DIR"/base/rootfs-*.tar "$DIR/pushed"
  echo "$FIXTURE_VERSION" >"$DIR/version"
fi
download_packages
for pair in "${ARCHES[@]}"; do assemble_rootfs "${pair%%:*}" "${pair##*:}"; done
write_contexts
push_base
