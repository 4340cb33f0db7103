// The `preemptGuard/scanBinary` request: scans a shipped binary (or a
// directory, or an image archive) and maps each finding's file to the
// workspace's modules (absolute paths inside them, or -trimpath
// module-relative paths of an open module) so the client can show it on the
// right line. Reading a binary builds and runs nothing, so unlike the listing
// analysis this request is served in untrusted workspaces too.
import path from 'node:path';
import { scanTargets } from '../core/binary/targets/scanTargets';
import { localSource, sourceModuleOf, type SourceModule } from '../core/binary/targets/sourcePaths';
import { binaryFindingMessage } from '../core/vocabulary';
import { formatBinaryText } from '../cli/binaryFormat';
import type { ScanBinaryParams, ScanBinaryResult } from '../../../shared/protocol';
import { modulesOfFolder } from './workspace';

export async function scanBinaryRequest(params: ScanBinaryParams, folders: string[]): Promise<ScanBinaryResult> {
  const modules: SourceModule[] = [...new Set(folders.flatMap(modulesOfFolder))]
    .map((root) => sourceModuleOf(root))
    .filter((m): m is SourceModule => !!m);
  const r = await scanTargets([params.path], { all: params.all });
  const report = formatBinaryText(r, { cwd: folders[0] ?? path.dirname(params.path), module: modules[0] });
  return {
    binaries: r.binaries.map((b) => ({
      path: b.path,
      goVersion: b.goVersion,
      mainModule: b.buildInfo?.main?.path ?? null,
      errors: b.errors,
      findings: b.findings.map((f) => ({
        kind: f.kind,
        function: f.function,
        module: f.module,
        file: f.file,
        line: f.line,
        localFile: localSource(f.file, modules),
        frameSize: f.frameSize,
        leaf: f.leaf,
        preemptible: f.preemptible,
        address: f.address,
        instructions: f.instructions,
        fixedByToolchain: f.fixedByToolchain,
        message: binaryFindingMessage(f, b.path, b.goVersion),
      })),
    })),
    skipped: r.skipped,
    errors: r.errors,
    report,
  };
}
