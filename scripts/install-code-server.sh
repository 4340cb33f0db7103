#!/usr/bin/env bash
# Installs code-server (a real VS Code served to a browser) into .e2e/code-server
# for the editor end-to-end tests. Idempotent: does nothing when the pinned
# version is already there. code-server 4.100.3 is the newest that runs on Node 20.
# Needs libkrb5-dev and ripgrep (scripts/install-system-deps.sh installs both).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=4.100.3
DEST="$PWD/.e2e/code-server"
ENTRY="$DEST/node_modules/code-server/out/node/entry.js"
STAMP="$DEST/.installed-$VERSION"

if [ -f "$STAMP" ] && [ -f "$ENTRY" ]; then
  echo "code-server $VERSION: present"
  exit 0
fi
command -v rg >/dev/null || { echo "code-server: ripgrep (rg) missing; run scripts/install-system-deps.sh" >&2; exit 2; }
dpkg -s libkrb5-dev >/dev/null 2>&1 || { echo "code-server: libkrb5-dev missing; run scripts/install-system-deps.sh" >&2; exit 2; }

# @vscode/ripgrep's postinstall downloads a binary, which cannot work offline.
# It accepts a pre-filled cache: a tarball of that exact name holding an `rg`.
# Debian's rg stands in for it.
TMPROOT="${TMPDIR:-/tmp}"
RG_CACHE="$TMPROOT/vscode-ripgrep-cache-1.15.11"
RG_TARBALL="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$RG_TARBALL" ]; then
  mkdir -p "$RG_CACHE"
  work="$(mktemp -d)"
  cp "$(command -v rg)" "$work/rg"
  tar -czf "$RG_TARBALL" -C "$work" rg
  rm -f "$work/rg"
  rmdir "$work"
fi

mkdir -p "$DEST"
[ -f "$DEST/package.json" ] || printf '{ "name": "pg-e2e-code-server", "private": true }\n' > "$DEST/package.json"
echo "code-server $VERSION: installing into $DEST (about 90 s)"
# kerberos builds from source; node-pty's postinstall runs npx (needs yes).
(
  cd "$DEST"
  npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$VERSION"
)
[ -f "$ENTRY" ] || { echo "code-server: install finished but $ENTRY is missing" >&2; exit 1; }
touch "$STAMP"
echo "code-server $VERSION: installed"
