#!/usr/bin/env bash
# Builds kube-apiserver and etcd from the Go module proxy, once per machine, into this recipe's cache.
# k8s.io/kubernetes cannot be `go install`ed: its go.mod replaces the staging modules with ./staging/...,
# so it is built from a generated wrapper module that pins each staging module to its published v0.Y.Z.
set -euo pipefail

KUBE_VERSION="${KUBE_VERSION:-v1.33.13}"
ETCD_VERSION="${ETCD_VERSION:-v3.5.35}"
CACHE="${CLOUDOPS_SERVERS_DIR:?run scripts/servers/ensure.sh, which sets it}"
BIN="$CACHE/bin"
mkdir -p "$BIN"
export GOFLAGS="${GOFLAGS:-} -mod=mod"
export CGO_ENABLED=0

kube_bin="$BIN/kube-apiserver-$KUBE_VERSION"
etcd_bin="$BIN/etcd-$ETCD_VERSION"

build_etcd() {
  if [ -x "$etcd_bin" ] && "$etcd_bin" --version >/dev/null 2>&1; then
    echo "etcd $ETCD_VERSION: cached at $etcd_bin"
    return
  fi
  local start=$SECONDS work
  work=$(mktemp -d)
  (
    cd "$work"
    go mod init cloudops.local/etcd-build >/dev/null 2>&1
    go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
    go build -trimpath -ldflags '-s -w' -o "$etcd_bin.tmp" go.etcd.io/etcd/server/v3
  )
  mv "$etcd_bin.tmp" "$etcd_bin"
  rm -rf "$work"
  echo "etcd $ETCD_VERSION: built in $((SECONDS - start))s at $etcd_bin"
}

build_kube() {
  if [ -x "$kube_bin" ] && "$kube_bin" --version >/dev/null 2>&1; then
    echo "kube-apiserver $KUBE_VERSION: cached at $kube_bin"
    return
  fi
  local start=$SECONDS work gomod minor staging
  work=$(mktemp -d)
  minor="${KUBE_VERSION#v1.}"      # 33.13
  staging="v0.${minor}"            # v0.33.13
  (
    cd "$work"
    go mod init cloudops.local/kube-build >/dev/null 2>&1
    # The staging modules are required as v0.0.0 in kubernetes' go.mod; read them from the downloaded go.mod.
    gomod=$(go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
    go mod edit -require="k8s.io/kubernetes@$KUBE_VERSION"
    awk '$1 ~ /^k8s\.io\// && $2 == "v0.0.0" {print $1}' "$gomod" | sort -u | while read -r mod; do
      go mod edit -replace="$mod=$mod@$staging"
    done
    echo 'package main; import _ "k8s.io/kubernetes/cmd/kube-apiserver/app"; func main() {}' > keep.go
    go mod tidy
    rm keep.go
    local pkg=k8s.io/component-base/version
    go build -trimpath -o "$kube_bin.tmp" -ldflags "-s -w \
      -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=${minor%%.*} \
      -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z \
      -X k8s.io/client-go/pkg/version.gitVersion=$KUBE_VERSION" \
      k8s.io/kubernetes/cmd/kube-apiserver
  )
  mv "$kube_bin.tmp" "$kube_bin"
  rm -rf "$work"
  echo "kube-apiserver $KUBE_VERSION: built in $((SECONDS - start))s at $kube_bin"
}

build_etcd
build_kube
ln -sf "$(basename "$etcd_bin")" "$BIN/etcd"
ln -sf "$(basename "$kube_bin")" "$BIN/kube-apiserver"
