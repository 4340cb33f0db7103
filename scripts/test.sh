#!/usr/bin/env bash
# The test command. `npm test` (no argument) installs what the tests need,
# idempotently, builds, lints, then runs unit, integration and editor tests.
# `scripts/test.sh unit|integration|e2e [mocha args]` runs one layer:
# unit needs no Go and no root (npm run test:unit), the others the toolchains.
set -euo pipefail
cd "$(dirname "$0")/.."
layer="${1:-all}"; [ $# -gt 0 ] && shift
export PREEMPT_GUARD_TOOLCHAINS="$PWD/.toolchains"
mocha=(node node_modules/mocha/bin/mocha.js --reporter test/reporter.js --timeout 120000)
case "$layer" in
  unit)
    [ -d node_modules/.bin ] || npm ci --no-audit --no-fund
    node scripts/build.mjs --check
    exec "${mocha[@]}" "out/test/unit/**/*.test.js" "$@" ;;
  integration|e2e)
    bash scripts/setup.sh
    exec "${mocha[@]}" "out/test/$layer/**/*.test.js" "$@" ;;
  all) ;;
  *) echo "usage: scripts/test.sh [unit|integration|e2e|all] [mocha args]" >&2; exit 2 ;;
esac
bash scripts/setup.sh
npx --no-install eslint .
# Dead files, exports and dependencies (knip.jsonc).
npx --no-install knip
npx --no-install prettier --check . >/dev/null || { echo "prettier: files need formatting (npm run format)" >&2; npx --no-install prettier --list-different .; exit 1; }
suites=("out/test/unit/**/*.test.js")
[ "${PG_SKIP_INTEGRATION:-}" = 1 ] || suites+=("out/test/integration/**/*.test.js")
[ "${PG_SKIP_E2E:-}" = 1 ] || suites+=("out/test/e2e/**/*.test.js")
exec "${mocha[@]}" "${suites[@]}" "$@"
