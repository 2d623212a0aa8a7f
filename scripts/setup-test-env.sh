#!/usr/bin/env bash
# Installs and starts what the tests and the example need: dockerd with the containerd image
# store, buildx, QEMU user emulators with binfmt_misc mounted, and an htpasswd registry on
# 127.0.0.1. Idempotent: each step checks before it acts, so rerunning is cheap and safe.
set -euo pipefail

STATE_DIR=${MAB_STATE_DIR:-/var/lib/mab-test}
REGISTRY_PORT=${MAB_REGISTRY_PORT:-5001}
REGISTRY_USER=${MAB_REGISTRY_USER:-mab}
REGISTRY_PASSWORD=${MAB_REGISTRY_PASSWORD:-mab-local-test-password}
# busybox-<TARGETARCH> files for offline FROM scratch fixtures (TARGETARCH spelling, Debian arch).
BUSYBOX_ARCHES=("amd64:amd64" "arm64:arm64" "arm:armhf" "riscv64:riscv64")

log() { printf '[setup] %s\n' "$*"; }
need_root() { [ "$(id -u)" = 0 ] || { echo "setup-test-env.sh must run as root (it installs packages and starts dockerd)" >&2; exit 1; }; }
need_root
mkdir -p "$STATE_DIR"

apt_updated=0
apt_update_once() {
  [ "$apt_updated" = 1 ] && return
  # A mirror mid-sync fails one index now and then; retry, then go on with what was fetched
  # (a package that is really missing still fails its install step clearly).
  local try
  for try in 1 2 3; do
    apt-get update -qq && break
    [ "$try" = 3 ] && log "apt-get update kept failing on some index; continuing with the indexes it got"
    sleep $((try * 5))
  done
  apt_updated=1
}

add_trixie_source() {
  # Bookworm's docker.io has no buildx and its containerd breaks multi-platform builds; trixie's
  # packages work, pinned low so nothing else is upgraded.
  if [ ! -f /etc/apt/sources.list.d/trixie.sources ]; then
    cat >/etc/apt/sources.list.d/trixie.sources <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt_updated=0
  fi
  if [ ! -f /etc/apt/preferences.d/trixie ]; then
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' >/etc/apt/preferences.d/trixie
  fi
}

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  [ -x /usr/libexec/docker/cli-plugins/docker-buildx ] || missing+=(docker-buildx)
  if [ ${#missing[@]} -gt 0 ]; then
    add_trixie_source; apt_update_once
    log "installing ${missing[*]} from trixie"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t trixie docker.io docker-buildx docker-cli containerd runc >/dev/null
  fi
  missing=()
  [ -x /usr/bin/qemu-aarch64-static ] || missing+=(qemu-user-static)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v htpasswd >/dev/null || missing+=(apache2-utils)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    apt_update_once
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # The docker.io package may start its own services through init scripts; we manage dockerd.
}

fetch_busybox() {
  local dir="$STATE_DIR/busybox" pair target debarch added=0
  mkdir -p "$dir"
  for pair in "${BUSYBOX_ARCHES[@]}"; do
    target=${pair%%:*}; debarch=${pair##*:}
    [ -s "$dir/busybox-$target" ] && continue
    if [ "$debarch" != "$(dpkg --print-architecture)" ] && ! dpkg --print-foreign-architectures | grep -qx "$debarch"; then
      dpkg --add-architecture "$debarch"; added=1
    fi
  done
  [ "$added" = 1 ] && apt_updated=0
  for pair in "${BUSYBOX_ARCHES[@]}"; do
    target=${pair%%:*}; debarch=${pair##*:}
    [ -s "$dir/busybox-$target" ] && continue
    apt_update_once
    local tmp; tmp=$(mktemp -d); chmod 755 "$tmp"
    # riscv64 is only a release architecture from trixie on.
    local suite_opt=(); [ "$debarch" = riscv64 ] && { add_trixie_source; apt_update_once; suite_opt=(-t trixie); }
    (cd "$tmp" && apt-get download -qq "${suite_opt[@]}" "busybox-static:$debarch" >/dev/null)
    dpkg -x "$tmp"/busybox-static_*.deb "$tmp/x"
    # bookworm ships it in /bin, trixie in /usr/bin.
    install -m 0755 "$(find "$tmp/x" -path '*bin/busybox' -type f | head -n 1)" "$dir/busybox-$target"
    rm -rf "$tmp"
    log "busybox for $target ready"
  done
}

mount_binfmt() {
  if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
    log "mounted binfmt_misc"
  fi
}

start_dockerd() {
  if docker version >/dev/null 2>&1; then return; fi
  mkdir -p /etc/docker "$STATE_DIR/docker"
  # No bridge and no iptables: nothing may create private-range networks on these machines.
  cat >"$STATE_DIR/daemon.json" <<JSON
{"features":{"containerd-snapshotter":true},"bridge":"none","iptables":false,"ip6tables":false}
JSON
  log "starting dockerd"
  setsid dockerd --config-file "$STATE_DIR/daemon.json" >"$STATE_DIR/dockerd.log" 2>&1 < /dev/null &
  for _ in $(seq 1 120); do
    docker version >/dev/null 2>&1 && { log "dockerd is up"; return; }
    sleep 0.5
  done
  echo "dockerd did not answer within 60 s; see $STATE_DIR/dockerd.log" >&2
  tail -n 30 "$STATE_DIR/dockerd.log" >&2
  exit 1
}

start_registry() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$REGISTRY_PORT/v2/" || true)
  if [ "$code" = 401 ]; then return; fi
  mkdir -p "$STATE_DIR/registry"
  htpasswd -Bbn "$REGISTRY_USER" "$REGISTRY_PASSWORD" >"$STATE_DIR/registry/htpasswd"
  cat >"$STATE_DIR/registry/config.yml" <<YML
version: 0.1
log:
  level: warn
# In memory: the filesystem driver rewrites tag links in place, and the docker driver's second
# push (buildx pushes "with docker" after BuildKit's own push) then now and then reads a
# half-written link and gets a 500. Test data need not outlive the registry process.
storage:
  inmemory: {}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$REGISTRY_PORT
auth:
  htpasswd:
    realm: mab-test
    path: $STATE_DIR/registry/htpasswd
YML
  log "starting registry on 127.0.0.1:$REGISTRY_PORT"
  setsid docker-registry serve "$STATE_DIR/registry/config.yml" >"$STATE_DIR/registry.log" 2>&1 < /dev/null &
  for _ in $(seq 1 60); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$REGISTRY_PORT/v2/" || true)
    [ "$code" = 401 ] && { log "registry is up"; return; }
    sleep 0.5
  done
  echo "registry did not answer on 127.0.0.1:$REGISTRY_PORT; see $STATE_DIR/registry.log" >&2
  exit 1
}

write_env_file() {
  # Tests and the example read the registry's address and test credentials from here.
  cat >"$STATE_DIR/env" <<ENV
MAB_REGISTRY=127.0.0.1:$REGISTRY_PORT
MAB_REGISTRY_USER=$REGISTRY_USER
MAB_REGISTRY_PASSWORD=$REGISTRY_PASSWORD
MAB_BUSYBOX_DIR=$STATE_DIR/busybox
ENV
}

install_packages
fetch_busybox
mount_binfmt
start_dockerd
start_registry
write_env_file
MAB_STATE_DIR="$STATE_DIR" bash "$(dirname "$0")/build-fixture-python.sh"
log "ready: docker $(docker version --format '{{.Server.Version}}'), buildx $(docker buildx version | awk '{print $2}'), registry 127.0.0.1:$REGISTRY_PORT"
