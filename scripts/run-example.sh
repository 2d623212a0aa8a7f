#!/usr/bin/env bash
# Runs the action's main and post steps on the bundled example app, the way the Actions runner
# does, pushing a 3-platform image to the local registry; then shows the index and runs each platform.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-test-env.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
[ -f dist/index.js ] || npm run -s build
set -a; . /var/lib/mab-test/env; set +a
cp "$MAB_BUSYBOX_DIR"/busybox-* example/
IMAGE=${IMAGE:-$MAB_REGISTRY/example/hello-arch:1.0.0}
PLATFORMS=${PLATFORMS:-linux/amd64,linux/arm64,linux/arm/v7}
inputs=$(node -e 'console.log(JSON.stringify({context:"example",platforms:process.argv[1],tags:process.argv[2],registry:process.argv[3],username:process.argv[4],password:process.argv[5],driver:"docker",network:"host"}))' \
  "$PLATFORMS" "$IMAGE" "$MAB_REGISTRY" "$MAB_REGISTRY_USER" "$MAB_REGISTRY_PASSWORD")
node scripts/run-action.mjs "$inputs"

reader=$(mktemp -d)
trap 'rm -rf "$reader"' EXIT
printf '%s' "$MAB_REGISTRY_PASSWORD" | DOCKER_CONFIG=$reader docker login "$MAB_REGISTRY" -u "$MAB_REGISTRY_USER" --password-stdin >/dev/null
echo "--- the registry now serves:"
DOCKER_CONFIG=$reader docker buildx imagetools inspect "$IMAGE"
echo "--- each platform runs:"
for platform in ${PLATFORMS//,/ }; do
  printf '%-14s ' "$platform"
  DOCKER_CONFIG=$reader docker run --rm --network none --pull always --platform "$platform" "$IMAGE" 2>/dev/null | tail -n 1
done
