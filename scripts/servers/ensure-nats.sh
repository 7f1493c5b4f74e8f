#!/usr/bin/env bash
# Builds nats-server (with JetStream) from the Go module proxy, once per machine, for the team-mode tests.
# Its cache key hashes only this script, so the kube/moto recipe (ensure.sh) is untouched by a NATS change.
# `ensure-nats.sh --bin-dir` prints where the binary is, building nothing.
set -euo pipefail
NATS_VERSION="${NATS_VERSION:-v2.15.2}"
here="$(cd "$(dirname "$0")" && pwd)"
root="${CLOUDOPS_TEST_CACHE:-$HOME/.cache/cloudops-test-servers}"
key=$(sha256sum "$here/ensure-nats.sh" | cut -c1-16)
dir="$root/nats-recipe-$key"
BIN="$dir/bin"

if [ "${1:-}" = "--bin-dir" ]; then
  echo "$BIN"
  exit 0
fi

mkdir -p "$BIN"
nats_bin="$BIN/nats-server-$NATS_VERSION"
if [ -x "$nats_bin" ] && "$nats_bin" --version >/dev/null 2>&1; then
  echo "nats-server $NATS_VERSION: cached at $nats_bin"
else
  start=$SECONDS
  work=$(mktemp -d)
  (
    cd "$work"
    export GOFLAGS="${GOFLAGS:-} -mod=mod" CGO_ENABLED=0
    go mod init cloudops.local/nats-build >/dev/null 2>&1
    go get "github.com/nats-io/nats-server/v2@$NATS_VERSION"
    go build -trimpath -ldflags '-s -w' -o "$nats_bin.tmp" github.com/nats-io/nats-server/v2
  )
  mv "$nats_bin.tmp" "$nats_bin"
  rm -rf "$work"
  echo "nats-server $NATS_VERSION: built in $((SECONDS - start))s at $nats_bin"
fi
ln -sf "$(basename "$nats_bin")" "$BIN/nats-server"
