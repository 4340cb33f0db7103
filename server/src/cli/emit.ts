// Writes a scan report (core/report) to stdout in the chosen format, what the
// format cannot hold (GitLab's problems) to stderr, and returns the exit
// status of the --fail-on policy. Shared by scan, analyze-listing and scan-binary.
import type { ScanReport } from '../core/report/model';
import { renderReport } from '../core/report/render';
import { reportExitCode, type OutputPolicy } from './policy';
import { VERSION } from './version';

/** Writes the report in the chosen format; returns the exit status under the policy. */
export async function emit(report: ScanReport, policy: OutputPolicy): Promise<number> {
  const { output, diagnostics } = await renderReport(report, policy.format, VERSION);
  process.stdout.write(output);
  if (diagnostics) process.stderr.write(diagnostics);
  return reportExitCode(report, policy.failOn);
}
