#!/usr/bin/env bash
# Makes sure the integration-test servers exist (moto, etcd, kube-apiserver); fast when they are cached.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/setup-moto.sh"
"$here/build-kube.sh"
