#!/usr/bin/env bash
# Benchmark: the bare buildx command vs the bundled action (main + post), cached 3-platform build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-test-env.sh >/dev/null
[ -d node_modules ] || npm ci --no-audit --no-fund
[ -f dist/index.js ] || npm run -s build
node scripts/bench.mjs "$@"
