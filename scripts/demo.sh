#!/usr/bin/env bash
# npm run demo: installs what it needs, then scans the bundled fixtures with an
# affected toolchain (go1.24.4) and a fixed one (go1.26.10); scans what ships (a
# stripped -trimpath arm64 binary, as release pipelines build it); and triages a
# real crash log of the fast reproducer against its stripped go1.26 binary.
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
demo="$PWD/.cache/demo"
mkdir -p "$demo/app" "$demo/crash"
cp test-fixtures/e2e-demo/*.go test-fixtures/e2e-demo/go.mod "$demo/app/"
cp test-fixtures/crash-logs/program.go.txt "$demo/crash/main.go"
printf 'module example.com/repro\n\ngo 1.19\n' > "$demo/crash/go.mod"
export GOOS=linux GOARCH=arm64 CGO_ENABLED=0 GOFLAGS=
(cd "$demo/app" && ../../../.toolchains/go1.24/bin/go build -buildvcs=false -trimpath -ldflags='-s -w' -o ../app-go1.24 .)
(cd "$demo/crash" && ../../../.toolchains/go1.26/bin/go build -buildvcs=false -trimpath -ldflags='-s -w' -o ../repro-go1.26 .)
unset GOOS GOARCH CGO_ENABLED GOFLAGS
echo
echo "=== preempt-guard scan-binary .cache/demo/app-go1.24   (stripped, -trimpath, built with go1.24.4)"
node dist/cli.js scan-binary "$demo/app-go1.24" || true
echo
echo "=== preempt-guard triage test-fixtures/crash-logs/go1.26.10-leaf-traceback-did-not-unwind-1.txt --binary .cache/demo/repro-go1.26"
node dist/cli.js triage test-fixtures/crash-logs/go1.26.10-leaf-traceback-did-not-unwind-1.txt --binary "$demo/repro-go1.26" || true

cat <<'TXT'

What you just saw: the seed reproducer's leaf function main.big_stack is split
with both toolchains (a toolchain upgrade does not fix leaf functions), while
the non-leaf example.com/api.Handle is split by go1.24.4 and atomic in go1.26.10.
The binary scan read the same hazards from a stripped release-style binary, with
no Go tools; triage tied a production-style crash log to the exact epilogue.
TXT
