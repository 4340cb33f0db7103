#!/usr/bin/env bash
# Installs everything the demo and the tests need; each step is idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
# npm ci again only when package-lock.json's content changed since the last
# install (a checkout that merely touches the file, or a second work tree of
# the same repository sharing node_modules, must not wipe and refill it).
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules/.bin ] || [ "$(cat node_modules/.preempt-guard-lock 2>/dev/null)" != "$lock_sum" ]; then
  npm ci --no-audit --no-fund
  echo "$lock_sum" > node_modules/.preempt-guard-lock
fi
bash scripts/install-toolchains.sh
bash scripts/install-system-deps.sh
[ ! -f scripts/install-code-server.sh ] || [ "${PG_SKIP_E2E:-}" = 1 ] || bash scripts/install-code-server.sh
node scripts/build.mjs --check
# The editor tests install the packaged extension, exactly as users get it.
[ "${PG_SKIP_E2E:-}" = 1 ] || bash scripts/package.sh --bundle-only
