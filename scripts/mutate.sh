#!/usr/bin/env bash
# Mutation testing, one group of modules at a time (stryker.config.mjs names them): each group's
# report goes to reports/mutation/<group>.json and its summary table to the terminal. Not in CI:
# tens of minutes on two cores. Usage: npm run mutate [-- group...] (a group may be a,b)
set -euo pipefail
cd "$(dirname "$0")/.."
groups=("$@")
# tags and evaluate share the planning tests: one run for both.
[ ${#groups[@]} -gt 0 ] || groups=(auth post filesystem tags,evaluate security)
mkdir -p reports/mutation
for group in "${groups[@]}"; do
  echo "=== mutation testing: $group"
  MUTATE_GROUP="$group" npx stryker run
  mv reports/mutation/mutation.json "reports/mutation/${group//,/-}.json"
done
