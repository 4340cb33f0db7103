// scanBinary: one binary's report (build info, functions read, split SP
// updates that async preemption can hit; with `all`, the runtime's own
// non-preemptible pairs too). Never throws: every problem becomes a line in
// `errors`.
import { loadArm64Decoder } from '../decode/decoder';
import { detectPairs } from './detect';
import { openGoBinary, reason } from './goBinary';
import type { BinaryReport } from './types';

export interface ScanBinaryOptions {
  all?: boolean;
}

export async function scanBinary(bytes: Uint8Array, path: string, opts: ScanBinaryOptions = {}): Promise<BinaryReport> {
  const report: BinaryReport = { path, format: null, goVersion: null, buildInfo: null, findings: [], errors: [], functions: 0 };
  try {
    const bin = openGoBinary(bytes);
    if ('error' in bin) {
      report.errors.push(bin.error);
      return report;
    }
    report.format = bin.format;
    report.goVersion = bin.goVersion;
    report.buildInfo = bin.buildInfo;
    report.functions = bin.functionCount;
    const decoder = await loadArm64Decoder();
    const pairs = detectPairs(bin, decoder, report.errors);
    report.findings = opts.all ? pairs : pairs.filter((f) => f.preemptible);
  } catch (e) {
    report.errors.push(reason(e));
  }
  return report;
}
