// The `preemptGuard/scanBinary` request: scans a shipped binary (or a
// directory, an image archive, or an image source: `oci:DIR`, `registry:…`), maps each hazard's file to the workspace's
// modules (absolute paths inside them, or -trimpath module-relative paths of
// an open module) and returns, besides the hazards and the text report
// (core/report), the diagnostics of those that land on workspace files, built
// here with the `preemptGuard.severity` of each file (non-preemptible pairs,
// `--all`, one level lower). The client shows them in a collection of their own,
// so a later listing analysis of the same file leaves them alone. Reading a
// binary builds and runs nothing, so unlike the listing analysis this request
// is served in untrusted workspaces too.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { scanTargets } from '../core/binary/targets/scanTargets';
import { localSource, sourceModuleOf, type SourceModule } from '../core/binary/targets/sourcePaths';
import type { Hazard } from '../core/hazard';
import { binaryScanReport } from '../core/report/model';
import { formatText } from '../core/report/text';
import { hazardMessage } from '../core/vocabulary';
import { BINARY_DIAGNOSTIC_SOURCE, type ScanBinaryParams, type ScanBinaryResult, type Settings } from '../../../shared/protocol';
import { severityOf } from './diagnostics';
import { modulesOfFolder } from './workspace';

/** The severity setting of a file (its resource scope). */
export type SeverityFor = (fileUri: string) => Promise<Settings['severity']>;

function severity(h: Hazard, setting: Settings['severity']): DiagnosticSeverity {
  const s = severityOf(h.kind, setting);
  return h.preemptible ? s : (Math.min(DiagnosticSeverity.Hint, s + 1) as DiagnosticSeverity);
}

async function diagnostics(hazards: { hazard: Hazard; localFile?: string; message: string }[], severityFor: SeverityFor) {
  const byUri = new Map<string, Diagnostic[]>();
  const settings = new Map<string, Settings['severity']>();
  for (const { hazard: h, localFile, message } of hazards) {
    if (!localFile) continue;
    const uri = pathToFileURL(localFile).toString();
    if (!settings.has(uri)) settings.set(uri, await severityFor(uri));
    const line = Math.max(0, h.line - 1);
    byUri.set(uri, [
      ...(byUri.get(uri) ?? []),
      {
        range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } },
        severity: severity(h, settings.get(uri)!),
        source: BINARY_DIAGNOSTIC_SOURCE,
        code: h.kind,
        message,
      },
    ]);
  }
  return [...byUri].map(([uri, list]) => ({ uri, diagnostics: list }));
}

export async function scanBinaryRequest(
  params: ScanBinaryParams,
  folders: string[],
  severityFor: SeverityFor,
  signal?: AbortSignal,
): Promise<ScanBinaryResult> {
  const modules: SourceModule[] = [...new Set(folders.flatMap(modulesOfFolder))]
    .map((root) => sourceModuleOf(root))
    .filter((m): m is SourceModule => !!m);
  const r = await scanTargets([params.path], { all: params.all, images: { signal } });
  const report = binaryScanReport(r, { cwd: folders[0] ?? path.dirname(params.path), module: modules[0] });
  const located = report.hazards.map((hazard) => ({
    hazard,
    localFile: localSource(hazard.file, modules),
    message: hazardMessage(hazard),
  }));
  return {
    binaries:
      report.source.kind === 'binary'
        ? report.source.binaries.map((b) => ({
            path: b.path,
            goVersion: b.goVersion,
            mainModule: b.mainModule?.path ?? null,
            functions: b.functions,
            ...(b.image ? { image: b.image } : {}),
            ...(b.layer ? { layer: b.layer } : {}),
            errors: report.errors.filter((e) => e.binary === b.path).map((e) => e.message),
            findings: located
              .filter((l) => l.hazard.binary === b.path)
              .map((l) => ({ ...l.hazard, localFile: l.localFile, message: l.message })),
          }))
        : [],
    skipped: r.skipped,
    errors: r.errors,
    report: formatText(report),
    diagnostics: await diagnostics(located, severityFor),
  };
}
