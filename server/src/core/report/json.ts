// The JSON format of every scan: one schema for `scan`, `analyze-listing` and
// `scan-binary` (docs/report.schema.json, checked by test/unit/reportSchema),
// versioned by `schemaVersion`. A listing scan fills `toolchain`; a binary
// scan fills `binaries` and `skipped`; both list their hazards in `findings`
// (each naming its `binary` and `toolchain`) and their problems in `errors`.
import type { Hazard } from '../hazard';
import type { ScanReport } from './model';

/** Bumped when a field changes meaning or goes away (adding a field keeps it). */
export const REPORT_SCHEMA_VERSION = 1;

/** The hazard's fields in a stable order (the JSON of a Hazard). */
function hazardJson(h: Hazard): Record<string, unknown> {
  return {
    kind: h.kind,
    function: h.function,
    packagePath: h.packagePath,
    module: h.module,
    moduleVersion: h.moduleVersion,
    file: h.file,
    line: h.line,
    inlinedFrom: h.inlinedFrom ?? [],
    declLine: h.declLine,
    frameSize: h.frameSize,
    leaf: h.leaf,
    preemptible: h.preemptible,
    ...(h.notPreemptible ? { notPreemptible: h.notPreemptible } : {}),
    offsets: h.offsets,
    address: h.address,
    instructions: h.instructions,
    pseudo: h.pseudo,
    binary: h.binary,
    toolchain: h.toolchain,
    fixedByToolchain: h.fixedByToolchain,
    remedy: h.remedy,
  };
}

export function formatJson(r: ScanReport, toolVersion: string): string {
  const s = r.source;
  const doc = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'preempt-guard', version: toolVersion },
    source: s.kind,
    toolchain: s.kind === 'listing' ? s.toolchain : null,
    binaries: s.kind === 'binary' ? s.binaries : [],
    skipped: s.kind === 'binary' ? s.skipped : 0,
    findings: r.hazards.map(hazardJson),
    errors: r.errors,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
