#!/usr/bin/env bash
# Installs the code-server releases (a real VS Code served to a browser) the
# editor end-to-end tests run on, as named in test/e2e/harness/codeServerVersions.json:
# the latest that runs on Node 20 (4.100.3, VS Code 1.100.3) into .e2e/code-server,
# and the oldest on the npm registry that satisfies the manifest's `engines.vscode`
# (^1.91.0): 4.93.1, VS Code 1.93.1 (no 4.91.x or 4.92.x is published there),
# into .e2e/code-server-4.93.1. Each folder is a separate npm project.
# Idempotent: a version whose stamp and entry point exist is skipped.
# `scripts/install-code-server.sh 4.93.1` installs one of them only.
# Needs libkrb5-dev and ripgrep (scripts/install-system-deps.sh installs both).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSIONS=test/e2e/harness/codeServerVersions.json
field() { node -e 'const v = require(process.argv[1]); const k = process.argv.slice(2).reduce((o, p) => (o ? o[p] : undefined), v); process.stdout.write(k ?? "")' "$PWD/$VERSIONS" "$@"; }
LATEST=$(field latest)
OLDEST=$(field oldest)
wanted=("$@"); [ ${#wanted[@]} -gt 0 ] || wanted=("$LATEST" "$OLDEST")

dest_of() { if [ "$1" = "$LATEST" ]; then echo "$PWD/.e2e/code-server"; else echo "$PWD/.e2e/code-server-$1"; fi; }

# @vscode/ripgrep's postinstall downloads a binary, which cannot work offline.
# It accepts a pre-filled cache: a tarball of that exact name holding an `rg`,
# in a folder named after the @vscode/ripgrep version that release's VS Code pins
# (its npm-shrinkwrap.json; `ripgrep` in the versions file). Debian's rg stands in for it.
fill_ripgrep_cache() {
  local cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$1"
  local tarball="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  [ -f "$tarball" ] && return 0
  mkdir -p "$cache"
  local work
  work="$(mktemp -d)"
  cp "$(command -v rg)" "$work/rg"
  tar -czf "$tarball" -C "$work" rg
  rm -f "$work/rg"
  rmdir "$work"
}

install_one() {
  local version="$1" dest entry stamp
  local ripgrep
  ripgrep=$(field ripgrep "$version")
  [ -n "$ripgrep" ] || { echo "code-server: unknown version '$version' (known: $LATEST $OLDEST; see $VERSIONS)" >&2; exit 2; }
  dest="$(dest_of "$version")"
  entry="$dest/node_modules/code-server/out/node/entry.js"
  stamp="$dest/.installed-$version"
  if [ -f "$stamp" ] && [ -f "$entry" ]; then
    echo "code-server $version: present"
    return 0
  fi
  command -v rg >/dev/null || { echo "code-server: ripgrep (rg) missing; run scripts/install-system-deps.sh" >&2; exit 2; }
  dpkg -s libkrb5-dev >/dev/null 2>&1 || { echo "code-server: libkrb5-dev missing; run scripts/install-system-deps.sh" >&2; exit 2; }
  fill_ripgrep_cache "$ripgrep"
  mkdir -p "$dest"
  [ -f "$dest/package.json" ] || printf '{ "name": "pg-e2e-code-server", "private": true }\n' > "$dest/package.json"
  echo "code-server $version: installing into $dest (about 90 s)"
  # kerberos builds from source; node-pty's postinstall runs npx (needs yes).
  (
    cd "$dest"
    npm_config_unsafe_perm=true npm_config_yes=true \
      npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$version"
  )
  [ -f "$entry" ] || { echo "code-server: install finished but $entry is missing" >&2; exit 1; }
  touch "$stamp"
  echo "code-server $version: installed"
}

for v in "${wanted[@]}"; do install_one "$v"; done
