#!/usr/bin/env bash
# The one test command (npm test): installs what the tests need, idempotently,
# builds, then runs unit, integration and editor tests in one mocha run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PREEMPT_GUARD_TOOLCHAINS="$PWD/.toolchains"
suites=("out/test/unit/**/*.test.js")
[ "${PG_SKIP_INTEGRATION:-}" = 1 ] || suites+=("out/test/integration/**/*.test.js")
[ "${PG_SKIP_E2E:-}" = 1 ] || suites+=("out/test/e2e/**/*.test.js")
exec node node_modules/mocha/bin/mocha.js --reporter test/reporter.js --timeout 120000 "${suites[@]}" "$@"
