#!/usr/bin/env bash
# The package as a user gets it: `npm pack` (which builds: prepare), `npm install -g` of the tarball into a temporary
# prefix (a tarball install runs no build: it must hold the built files), then the installed `cloudops` run from
# another directory with a home of its own. CI (.ci/run) runs it after `npm test`; dependencies come from npm's cache
# when `npm ci` filled it, else from the registry.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
# Only what runs: the bundle and its maps, the data it reads, bin/run.cjs; no sources, tests or build scripts.
tar -tzf "$tarball" | sort >"$work/files"
if grep -Ev '^package/(bin/run\.cjs|dist/(bundle/(cli\.cjs(\.map)?|oclif\.js(\.map)?|start\.cjs|yaml\.cjs|mcp(-sdk)?\.js|mcp\.js\.map|k8s-client\.js)|help\.(txt|json)|shipped-(yaml|checked)\.json|validators/v[0-9a-f]{40}\.cjs)|(playbooks|schemas|data)/.+|oclif\.manifest\.json|package\.json|README\.md)$' "$work/files"; then
  echo "test-package: the files above should not be in the package" >&2
  exit 1
fi

# --globalconfig as it is now: --prefix would otherwise move it (a machine's registry CA file may be set there).
if ! npm install --global --prefix "$work/prefix" --globalconfig "$(npm config get globalconfig)" \
  --prefer-offline --no-audit --no-fund "$tarball" >"$work/install.log" 2>&1; then
  cat "$work/install.log" >&2
  echo "test-package: npm install -g of the tarball failed (see above)" >&2
  exit 1
fi

version=$(node -p 'require("./package.json").version')
mkdir -p "$work/elsewhere" "$work/home"
cd "$work/elsewhere"
export PATH="$work/prefix/bin:$PATH" HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" \
  XDG_STATE_HOME="$work/home/state" XDG_CACHE_HOME="$work/home/cache" NO_COLOR=1
installed=$(command -v cloudops)
[ "$installed" = "$work/prefix/bin/cloudops" ] || { echo "test-package: cloudops is $installed" >&2; exit 1; }

expect() { # expect <text> <command...>: runs it, shows its output, fails unless it exits 0 and prints <text>
  local want=$1 out
  shift
  echo "\$ $*"
  out=$("$@" 2>&1) || { echo "$out" >&2; echo "test-package: '$*' failed" >&2; exit 1; }
  echo "$out"
  grep -qF -- "$want" <<<"$out" || { echo "test-package: '$*' did not print '$want'" >&2; exit 1; }
}
initialize='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"ci","version":"1"}}}'
expect "cloudops/$version" cloudops --version
expect "cloudops $version" cloudops version
expect 'TOPICS' cloudops --help
expect '--dry-run' cloudops ask --help
expect 'Dry run: no cloud API was called' cloudops ask --dry-run --provider offline "which security groups expose SSH?"
expect 'name: aws-idle-instances' cloudops playbooks show aws-idle-instances -o yaml
expect 'aws.ec2.describe_security_groups' cloudops actions list
expect 'audit verify' cloudops audit # a topic alone: answered by oclif, from its own file in the bundle
expect '"serverInfo"' sh -c "echo '$initialize' | cloudops mcp"
echo "test-package: $(basename "$tarball") ($(wc -l <"$work/files") files) installs and runs from $installed"
