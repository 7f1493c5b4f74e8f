#!/usr/bin/env bash
# Makes sure the integration-test servers exist (moto, etcd, kube-apiserver); fast when they are cached.
# The cache is keyed by the recipe: a change to any script here (or to a version in it) builds anew, so CI
# proves the recipe on every such change. `ensure.sh --bin-dir` prints where the binaries are, building nothing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="${CLOUDOPS_TEST_CACHE:-$HOME/.cache/cloudops-test-servers}"
key=$(cat "$here/ensure.sh" "$here/setup-moto.sh" "$here/build-kube.sh" | sha256sum | cut -c1-16)
export CLOUDOPS_SERVERS_DIR="$root/recipe-$key"

if [ "${1:-}" = "--bin-dir" ]; then
  echo "$CLOUDOPS_SERVERS_DIR/bin"
  exit 0
fi

mkdir -p "$CLOUDOPS_SERVERS_DIR/bin"
"$here/setup-moto.sh"
"$here/build-kube.sh"
# Earlier recipes' builds are no longer used by this checkout; other checkouts may still use them, so they stay.
