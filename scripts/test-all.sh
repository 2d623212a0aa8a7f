#!/usr/bin/env bash
# The one command that runs every test on a fresh machine: sets up the real environment
# (dockerd, buildx, QEMU, registry), installs dependencies, then unit and integration suites.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-test-env.sh
[ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund
npm run -s typecheck
node scripts/validate-workflows.mjs
mkdir -p .test-results
export NODE_OPTIONS=--experimental-vm-modules
status=0
npx jest --selectProjects unit --json --outputFile .test-results/unit.json || status=$?
# The integration suite runs the bundle; it must be what the sources build.
[ -f dist/index.js ] || npm run -s build
npx jest --selectProjects integration --runInBand --json --outputFile .test-results/integration.json || status=$?
node scripts/test-report.mjs .test-results/unit.json .test-results/integration.json || status=$?
exit "$status"
