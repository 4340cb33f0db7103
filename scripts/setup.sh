#!/usr/bin/env bash
# Installs everything the demo and the tests need; each step is idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules/.bin ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/install-toolchains.sh
bash scripts/install-system-deps.sh
[ ! -f scripts/install-code-server.sh ] || [ "${PG_SKIP_E2E:-}" = 1 ] || bash scripts/install-code-server.sh
node scripts/build.mjs --check
# The editor tests install the packaged extension, exactly as users get it.
[ "${PG_SKIP_E2E:-}" = 1 ] || bash scripts/package.sh --bundle-only
