#!/usr/bin/env bash
# Installs and starts what the tests and the example need: dockerd with the containerd image
# store, buildx, QEMU user emulators with binfmt_misc mounted, two htpasswd registries and a
# bearer-token registry with its token server, all on 127.0.0.1. Idempotent: each step checks
# before it acts, so rerunning is cheap and safe.
set -euo pipefail

STATE_DIR=${MAB_STATE_DIR:-/var/lib/mab-test}
REGISTRY_PORT=${MAB_REGISTRY_PORT:-5001}
REGISTRY_USER=${MAB_REGISTRY_USER:-mab}
REGISTRY_PASSWORD=${MAB_REGISTRY_PASSWORD:-mab-local-test-password}
# A second registry with other credentials: one step pushing to two registries, each behind its own login.
REGISTRY2_PORT=${MAB_REGISTRY2_PORT:-5002}
REGISTRY2_USER=${MAB_REGISTRY2_USER:-mab-second}
REGISTRY2_PASSWORD=${MAB_REGISTRY2_PASSWORD:-mab-second-registry-password}
# A third registry that authenticates like Docker Hub and GHCR: Bearer tokens from our own token
# server (scripts/token-server.mjs). Anyone pulls, a user pushes only under <user>/, nobody deletes.
TOKEN_REGISTRY_PORT=${MAB_TOKEN_REGISTRY_PORT:-5003}
TOKEN_SERVER_PORT=${MAB_TOKEN_SERVER_PORT:-5004}
TOKEN_USER=${MAB_TOKEN_USER:-mab-token}
TOKEN_PASSWORD=${MAB_TOKEN_PASSWORD:-mab-token-registry-password}
# Another account on the same registry, for "someone else's namespace" cases.
TOKEN_USER2=${MAB_TOKEN_USER2:-mab-token-other}
TOKEN_PASSWORD2=${MAB_TOKEN_PASSWORD2:-mab-token-other-password}
TOKEN_SERVICE=mab-test-token-registry
TOKEN_ISSUER=mab-test-token-server
TOKEN_DIR=$STATE_DIR/token
TOKEN_REALM=http://127.0.0.1:$TOKEN_SERVER_PORT/token
# A host name shaped like Amazon ECR's, for `ecr: auto` (detected by the name, as docker/login-action
# does): /etc/hosts points it at 127.0.0.1, and the tests' registry serves it on 127.0.0.1:443 with a
# certificate from a CA of its own, trusted only for this name (dockerd's certs.d, the tests'
# NODE_EXTRA_CA_CERTS). The CA's key is deleted once the certificate is signed.
ECR_HOST=${MAB_ECR_HOST:-123456789012.dkr.ecr.eu-west-1.amazonaws.com}
ECR_TLS_DIR=$STATE_DIR/ecr-tls
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
  command -v openssl >/dev/null || missing+=(openssl)
  # skopeo (bookworm's 1.9): the independent client the tests list tags with.
  command -v skopeo >/dev/null || missing+=(skopeo)
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

# start_registry NAME PORT USER PASSWORD: an htpasswd registry on 127.0.0.1:PORT, state under $STATE_DIR/NAME.
start_registry() {
  local name=$1 port=$2 user=$3 password=$4 code
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" || true)
  if [ "$code" = 401 ]; then return; fi
  mkdir -p "$STATE_DIR/$name"
  htpasswd -Bbn "$user" "$password" >"$STATE_DIR/$name/htpasswd"
  cat >"$STATE_DIR/$name/config.yml" <<YML
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
  addr: 127.0.0.1:$port
auth:
  htpasswd:
    realm: mab-test
    path: $STATE_DIR/$name/htpasswd
YML
  log "starting $name on 127.0.0.1:$port"
  setsid docker-registry serve "$STATE_DIR/$name/config.yml" >"$STATE_DIR/$name.log" 2>&1 < /dev/null &
  for _ in $(seq 1 60); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" || true)
    [ "$code" = 401 ] && { log "$name is up"; return; }
    sleep 0.5
  done
  echo "$name did not answer on 127.0.0.1:$port; see $STATE_DIR/$name.log" >&2
  exit 1
}

# pid_alive PIDFILE PROGRAM: whether the pid in PIDFILE is a running PROGRAM (not a reused pid).
pid_alive() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && grep -qa -- "$2" "/proc/$pid/cmdline" 2>/dev/null
}

# stop_pidfile PIDFILE PROGRAM: stops the process this script started earlier, by its recorded pid.
stop_pidfile() {
  if pid_alive "$1" "$2"; then
    kill "$(cat "$1")"
    for _ in $(seq 1 20); do pid_alive "$1" "$2" || break; sleep 0.25; done
  fi
  rm -f "$1"
}

make_token_signing_key() {
  local key=$TOKEN_DIR/signing-key.pem cert=$TOKEN_DIR/signing-cert.pem
  mkdir -p "$TOKEN_DIR"
  # Kept while the certificate has more than a day left; the registry trusts only this certificate.
  if [ -s "$key" ] && [ -s "$cert" ] && openssl x509 -in "$cert" -noout -checkend 86400 >/dev/null 2>&1; then return; fi
  log "generating the token signing key and certificate"
  (umask 077 && openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=mab-test token signer" \
    -keyout "$key.tmp" -out "$cert.tmp" 2>/dev/null)
  chmod 644 "$cert.tmp"
  mv "$key.tmp" "$key"; mv "$cert.tmp" "$cert"
  # Whatever runs with the old key must restart.
  stop_pidfile "$TOKEN_DIR/token-server.pid" token-server.mjs
  stop_pidfile "$TOKEN_DIR/registry.pid" docker-registry
}

add_token_users() {
  # Passwords go through stdin (printf is a builtin): never on a command line. Unchanged users are left alone.
  printf '%s' "$TOKEN_PASSWORD" | node "$TOKEN_DIR/token-server.mjs" add-user --users "$TOKEN_DIR/users.json" --name "$TOKEN_USER"
  printf '%s' "$TOKEN_PASSWORD2" | node "$TOKEN_DIR/token-server.mjs" add-user --users "$TOKEN_DIR/users.json" --name "$TOKEN_USER2"
}

start_token_server() {
  command -v node >/dev/null || { echo "node is needed for the token server (scripts/token-server.mjs)" >&2; exit 1; }
  # A copy outside the checkout, so the running server does not depend on a worktree; a changed script restarts it.
  if ! cmp -s "$(dirname "$0")/token-server.mjs" "$TOKEN_DIR/token-server.mjs"; then
    install -m 0644 "$(dirname "$0")/token-server.mjs" "$TOKEN_DIR/token-server.mjs"
    stop_pidfile "$TOKEN_DIR/token-server.pid" token-server.mjs
  fi
  add_token_users
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$TOKEN_SERVER_PORT/healthz" || true)
  if [ "$code" = 200 ] && pid_alive "$TOKEN_DIR/token-server.pid" token-server.mjs; then return; fi
  if [ "$code" = 200 ]; then
    echo "something else answers on 127.0.0.1:$TOKEN_SERVER_PORT; stop it or set MAB_TOKEN_SERVER_PORT" >&2
    exit 1
  fi
  log "starting the token server on 127.0.0.1:$TOKEN_SERVER_PORT"
  setsid node "$TOKEN_DIR/token-server.mjs" serve --listen "127.0.0.1:$TOKEN_SERVER_PORT" \
    --key "$TOKEN_DIR/signing-key.pem" --cert "$TOKEN_DIR/signing-cert.pem" --users "$TOKEN_DIR/users.json" \
    --log "$TOKEN_DIR/requests.log" --issuer "$TOKEN_ISSUER" --service "$TOKEN_SERVICE" \
    --pid-file "$TOKEN_DIR/token-server.pid" >"$STATE_DIR/token-server.log" 2>&1 </dev/null &
  for _ in $(seq 1 40); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$TOKEN_SERVER_PORT/healthz" || true)
    [ "$code" = 200 ] && { log "token server is up"; return; }
    sleep 0.25
  done
  echo "the token server did not answer on 127.0.0.1:$TOKEN_SERVER_PORT; see $STATE_DIR/token-server.log" >&2
  tail -n 20 "$STATE_DIR/token-server.log" >&2
  exit 1
}

# The registry's /v2/ challenge when it is up and trusts our token server.
token_registry_challenge() {
  { curl -s -o /dev/null -D - "http://127.0.0.1:$TOKEN_REGISTRY_PORT/v2/" 2>/dev/null || true; } | tr -d '\r' |
    sed -n 's/^[Ww]ww-[Aa]uthenticate: //p'
}

start_token_registry() {
  local expected="Bearer realm=\"$TOKEN_REALM\",service=\"$TOKEN_SERVICE\"" challenge
  challenge=$(token_registry_challenge)
  if [ "$challenge" = "$expected" ]; then return; fi
  if [ -n "$challenge" ] && ! pid_alive "$TOKEN_DIR/registry.pid" docker-registry; then
    echo "127.0.0.1:$TOKEN_REGISTRY_PORT answers with '$challenge', not our token registry; stop it or set MAB_TOKEN_REGISTRY_PORT" >&2
    exit 1
  fi
  stop_pidfile "$TOKEN_DIR/registry.pid" docker-registry
  cat >"$TOKEN_DIR/registry.yml" <<YML
version: 0.1
log:
  level: warn
# In memory, as the htpasswd registries (see there). No delete section: deletes are refused, as on
# Docker Hub and GHCR.
storage:
  inmemory: {}
http:
  addr: 127.0.0.1:$TOKEN_REGISTRY_PORT
auth:
  token:
    realm: $TOKEN_REALM
    service: $TOKEN_SERVICE
    issuer: $TOKEN_ISSUER
    rootcertbundle: $TOKEN_DIR/signing-cert.pem
YML
  log "starting token-registry on 127.0.0.1:$TOKEN_REGISTRY_PORT"
  setsid docker-registry serve "$TOKEN_DIR/registry.yml" >"$STATE_DIR/token-registry.log" 2>&1 </dev/null &
  echo $! >"$TOKEN_DIR/registry.pid"
  for _ in $(seq 1 60); do
    [ "$(token_registry_challenge)" = "$expected" ] && { log "token-registry is up"; return; }
    sleep 0.5
  done
  echo "token-registry did not answer on 127.0.0.1:$TOKEN_REGISTRY_PORT with '$expected'; see $STATE_DIR/token-registry.log" >&2
  exit 1
}

setup_ecr_host() {
  if ! grep -qxF "127.0.0.1 $ECR_HOST" /etc/hosts; then
    echo "127.0.0.1 $ECR_HOST" >>/etc/hosts
    log "/etc/hosts: $ECR_HOST is 127.0.0.1"
  fi
  local dir=$ECR_TLS_DIR certs=/etc/docker/certs.d/$ECR_HOST
  mkdir -p "$dir" "$certs"
  # Kept while the certificate names this host and has more than a day left.
  if ! { [ -s "$dir/server.key" ] && [ -s "$dir/ca.crt" ] && openssl x509 -in "$dir/server.crt" -noout -checkend 86400 >/dev/null 2>&1 &&
    openssl x509 -in "$dir/server.crt" -noout -ext subjectAltName 2>/dev/null | grep -qF "DNS:$ECR_HOST"; }; then
    log "generating the TLS certificate of $ECR_HOST"
    local work; work=$(mktemp -d)
    (umask 077 && cd "$work" &&
      openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=mab-test ECR CA" -keyout ca.key -out ca.crt \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2>/dev/null &&
      openssl req -newkey rsa:2048 -nodes -subj "/CN=$ECR_HOST" -keyout server.key -out server.csr 2>/dev/null &&
      printf 'subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$ECR_HOST" >ext.cnf &&
      openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 -extfile ext.cnf \
        -out server.crt 2>/dev/null)
    chmod 644 "$work/ca.crt" "$work/server.crt"
    mv "$work/server.key" "$work/server.crt" "$work/ca.crt" "$dir/"
    rm -rf "$work"
  fi
  cmp -s "$dir/ca.crt" "$certs/ca.crt" || install -m 0644 "$dir/ca.crt" "$certs/ca.crt"
}

write_env_file() {
  # Tests and the example read the registry's address and test credentials from here.
  cat >"$STATE_DIR/env" <<ENV
MAB_REGISTRY=127.0.0.1:$REGISTRY_PORT
MAB_REGISTRY_USER=$REGISTRY_USER
MAB_REGISTRY_PASSWORD=$REGISTRY_PASSWORD
MAB_REGISTRY2=127.0.0.1:$REGISTRY2_PORT
MAB_REGISTRY2_USER=$REGISTRY2_USER
MAB_REGISTRY2_PASSWORD=$REGISTRY2_PASSWORD
MAB_BUSYBOX_DIR=$STATE_DIR/busybox
MAB_TOKEN_REGISTRY=127.0.0.1:$TOKEN_REGISTRY_PORT
MAB_TOKEN_REALM=$TOKEN_REALM
MAB_TOKEN_SERVICE=$TOKEN_SERVICE
MAB_TOKEN_USER=$TOKEN_USER
MAB_TOKEN_PASSWORD=$TOKEN_PASSWORD
MAB_TOKEN_USER2=$TOKEN_USER2
MAB_TOKEN_PASSWORD2=$TOKEN_PASSWORD2
MAB_TOKEN_LOG=$TOKEN_DIR/requests.log
MAB_ECR_HOST=$ECR_HOST
MAB_ECR_TLS_CERT=$ECR_TLS_DIR/server.crt
MAB_ECR_TLS_KEY=$ECR_TLS_DIR/server.key
MAB_ECR_TLS_CA=$ECR_TLS_DIR/ca.crt
ENV
}

install_packages
fetch_busybox
mount_binfmt
start_dockerd
start_registry registry "$REGISTRY_PORT" "$REGISTRY_USER" "$REGISTRY_PASSWORD"
start_registry registry2 "$REGISTRY2_PORT" "$REGISTRY2_USER" "$REGISTRY2_PASSWORD"
make_token_signing_key
start_token_server
start_token_registry
setup_ecr_host
write_env_file
MAB_STATE_DIR="$STATE_DIR" bash "$(dirname "$0")/build-fixture-python.sh"
log "ready: docker $(docker version --format '{{.Server.Version}}'), buildx $(docker buildx version | awk '{print $2}'), registries 127.0.0.1:$REGISTRY_PORT and 127.0.0.1:$REGISTRY2_PORT, token registry 127.0.0.1:$TOKEN_REGISTRY_PORT (tokens from $TOKEN_REALM)"
