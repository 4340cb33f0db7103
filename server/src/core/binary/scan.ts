// scanBinary: one binary's report (build info, functions read, split SP
// updates that async preemption can hit; with `all`, the runtime's own
// non-preemptible pairs too). Never throws: every problem becomes a line in
// `errors`. The text is bit-tested only where the pcsp pre-filter says a
// split pop can be; `fullScan` searches all of it (the reference the
// pre-filter is tested against). sparseScan.ts does the same for a file of
// which it reads only the parts these steps use.
import { candidateAddresses, confirmPairs, prefilteredAddresses } from './detect';
import { openGoBinary, reason, type GoBinary } from './goBinary';
import type { BinaryReport } from './types';

export interface ScanBinaryOptions {
  all?: boolean;
  /** Search the whole text instead of the places the pcsp table allows (slower; same findings). */
  fullScan?: boolean;
}

export function emptyReport(path: string): BinaryReport {
  return { path, format: null, goVersion: null, buildInfo: null, findings: [], errors: [], functions: 0 };
}

/** What the report says of the binary itself. */
export function describeBinary(report: BinaryReport, bin: GoBinary): void {
  report.format = bin.format;
  report.goVersion = bin.goVersion;
  report.buildInfo = bin.buildInfo;
  report.functions = bin.functionCount;
}

/** The report's findings: the split pairs confirmed at the given first-word addresses. */
export function reportPairs(report: BinaryReport, bin: GoBinary, pcs: number[], opts: ScanBinaryOptions): BinaryReport {
  const pairs = confirmPairs(bin, pcs, report.errors);
  report.findings = opts.all ? pairs : pairs.filter((f) => f.preemptible);
  return report;
}

export function scanBinary(bytes: Uint8Array, path: string, opts: ScanBinaryOptions = {}): Promise<BinaryReport> {
  const report = emptyReport(path);
  try {
    const bin = openGoBinary(bytes);
    if ('error' in bin) {
      report.errors.push(bin.error);
      return Promise.resolve(report);
    }
    describeBinary(report, bin);
    const pcs = (!opts.fullScan && prefilteredAddresses(bin)) || candidateAddresses(bin);
    reportPairs(report, bin, pcs, opts);
  } catch (e) {
    report.errors.push(reason(e));
  }
  return Promise.resolve(report);
}
