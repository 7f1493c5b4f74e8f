#!/usr/bin/env bash
# Installs moto's server (a real AWS API implementation, from PyPI) in a virtualenv in this recipe's cache.
set -euo pipefail

MOTO_VERSION="${MOTO_VERSION:-5.2.5}"
CACHE="${CLOUDOPS_SERVERS_DIR:?run scripts/servers/ensure.sh, which sets it}"
VENV="$CACHE/moto-$MOTO_VERSION"

if [ -x "$VENV/bin/moto_server" ] && "$VENV/bin/python" -c 'import moto.server' 2>/dev/null; then
  echo "moto $MOTO_VERSION: cached at $VENV"
else
  start=$SECONDS
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "moto[server]==$MOTO_VERSION"
  echo "moto $MOTO_VERSION: installed in $((SECONDS - start))s at $VENV"
fi
mkdir -p "$CACHE/bin"
ln -sf "$VENV/bin/moto_server" "$CACHE/bin/moto_server"
