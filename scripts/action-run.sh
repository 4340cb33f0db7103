#!/usr/bin/env bash
# The GitHub Action's one step (action.yml): runs `preempt-guard` from the npm
# package pinned by PG_VERSION (a version, or a path to a packed .tgz), writes
# the report file, the step outputs (exit-code, report-file, hazards) and a
# summary for the run page. Inputs arrive as PG_* variables and are used only
# as single arguments (no eval, no word splitting except PG_PATHS on whitespace).
set -uo pipefail
case "${PG_COMMAND:-}" in scan|scan-binary) ;; *) echo "::error::preempt-guard: command must be scan or scan-binary (got '${PG_COMMAND:-}')"; exit 2 ;; esac
case "${PG_FORMAT:-}" in sarif|github|text|json|gitlab|openvex) ;; *) echo "::error::preempt-guard: unknown format '${PG_FORMAT:-}'"; exit 2 ;; esac
pkg="go-preempt-guard@${PG_VERSION:-0.1.0}"
case "${PG_VERSION:-}" in *.tgz) pkg="$PG_VERSION" ;; esac
read -r -a paths <<<"${PG_PATHS:-.}"
args=("${PG_COMMAND}" "${paths[@]}" --format "$PG_FORMAT" --fail-on "${PG_FAIL_ON:-hazard}")
report=""
if [ "$PG_FORMAT" = github ] || [ "$PG_FORMAT" = text ]; then
  npx --yes --package="$pkg" -- preempt-guard "${args[@]}"
  code=$?
else
  report="${PG_REPORT_FILE:-preempt-guard.sarif}"
  npx --yes --package="$pkg" -- preempt-guard "${args[@]}" >"$report"
  code=$?
fi
hazards=""
if [ -n "$report" ] && [ -s "$report" ]; then
  hazards="$(node -e '
    const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const n = Array.isArray(d.runs) ? d.runs.reduce((a, r) => a + (r.results || []).length, 0)
      : Array.isArray(d.binaries) ? d.binaries.reduce((a, b) => a + b.findings.length, 0)
      : Array.isArray(d.findings) ? d.findings.length
      : Array.isArray(d.statements) ? d.statements.filter((s) => s.status === "affected").length
      : Array.isArray(d) ? d.length : 0;
    process.stdout.write(String(n));' "$report" 2>/dev/null || true)"
fi
{
  echo "exit-code=$code"
  echo "report-file=$report"
  echo "hazards=$hazards"
} >>"${GITHUB_OUTPUT:-/dev/null}"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    echo "### Preempt Guard: \`${PG_COMMAND}\`"
    case "$code" in
      0) echo "No split stack-pointer epilogue to report." ;;
      1) echo "Findings: ${hazards:-see the log} (golang/go#73259). ${report:+Report: \`$report\`.}" ;;
      *) echo "Could not analyse everything (exit $code): see the log." ;;
    esac
  } >>"$GITHUB_STEP_SUMMARY"
fi
exit "$code"
