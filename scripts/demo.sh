#!/usr/bin/env bash
# npm run demo: installs what it needs, then scans the bundled fixtures with an
# affected toolchain (go1.24.4) and a fixed one (go1.26.10).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules/.bin ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/install-toolchains.sh 1.24 1.26
node scripts/build.mjs >/dev/null
export GOTOOLCHAIN=local
for v in 1.24 1.26; do
  for fixture in reproducer workspace; do
    echo
    echo "=== preempt-guard scan test-fixtures/$fixture --go .toolchains/go$v/bin/go"
    node dist/cli.js scan "test-fixtures/$fixture" --go ".toolchains/go$v/bin/go" || true
  done
done
cat <<'TXT'

What you just saw: the seed reproducer's leaf function main.big_stack is split
with both toolchains (a toolchain upgrade does not fix leaf functions), while
the non-leaf example.com/api.Handle is split by go1.24.4 and atomic in go1.26.10.
TXT
