// The words of the VS Code client's own commands and of its scan view: the
// palette commands' messages and log lines, "Scan arm64 Binary…" and "Scan
// Container Image…" (the dialog, the input box and its validation, progress),
// and the tree that shows a binary or image scan (image → layer → binary →
// module → function), with each function's one-line description and tooltip.
import type { Hazard } from '../hazard';
import { fixLine } from './report';
import { hazardCount } from './editor';
import { hazardName, shortTitle, sizeText } from './findings';
import { imageHeadLine, layerLine } from './image';

/** Messages and log lines of the palette commands and the extension's start. */
export const commandWords = {
  serverNotRunning: 'Preempt Guard: the language server is not running. Use "Preempt Guard: Restart Server".',
  noFunctionsYet: 'Preempt Guard: no analysed functions yet. Open a Go file or run "Preempt Guard: Scan Workspace".',
  failed: (command: string, message: string) => `Preempt Guard: ${command} failed: ${message}`,
  assemblyPickTitle: 'Show arm64 Assembly for Function',
  assemblyPickPlaceholder: 'Function',
  atCursor: '(at cursor)',
  splitEpilogues: (n: number) => `${n} split epilogue${n === 1 ? '' : 's'}`,
  logRestarting: 'restarting the server',
  logTrusted: 'workspace trusted: analysis enabled',
  logStarting: (trusted: boolean) => `starting the server (workspace ${trusted ? 'trusted' : 'not trusted'})`,
  logDidNotStart: (message: string) => `the server did not start: ${message}`,
} as const;

/** "Scan arm64 Binary…" and "Scan Container Image…": dialogs, the input box, progress and the log. */
export const scanCommandWords = {
  binaryDialogTitle: 'Scan arm64 Binary',
  scanLabel: 'Scan',
  imageTitle: 'Scan Container Image',
  imagePrompt:
    'An image: registry:HOST[:PORT]/REPO[:TAG|@sha256:…], docker://HOST/REPO[:TAG], oci:DIR, oci-archive:FILE or docker-archive:FILE',
  imagePlaceholder: 'oci:/path/to/layout  or  registry:registry.example:5000/team/app:1.0',
  browseTooltip: 'Browse for an OCI image layout directory…',
  browseTitle: 'OCI image layout directory',
  notAnImage: 'Start with registry:, docker://, oci:, oci-archive: or docker-archive:',
  emptyImage: (kind: string) => `Name the ${kind === 'oci' ? 'directory' : 'file'} after the colon`,
  progress: (what: string) => `Preempt Guard: scanning ${what}`,
  logScanned: (what: string, hazards: number, mapped: number) =>
    `scanned ${what}: ${hazardCount(hazards)}, ${mapped} shown on workspace files`,
  logCancelled: (what: string) => `the scan of ${what} was cancelled`,
  noReport: 'No report yet: run "Preempt Guard: Scan arm64 Binary…" or "Preempt Guard: Scan Container Image…".\n',
} as const;

/** The labels of the scan view's items. */
export const scanTreeWords = {
  layer: (index: number) => `layer ${index}`,
  standardLibrary: '(standard library)',
  unknownGo: 'Go version unknown',
  noHazards: 'no split epilogue',
  preemptible: 'preemptible',
  notPreemptible: 'not preemptible',
  leaf: 'leaf',
  nonLeaf: 'non-leaf',
  error: 'error',
  hazards: hazardCount,
  notInWorkspace: '(the source is not in this workspace)',
  /** `sha256:0123456789ab` (the first 12 hex digits of a digest). */
  shortDigest: (digest: string) => digest.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]+$/, '$1'),
  imageTooltip: imageHeadLine,
  layerTooltip: layerLine,
  hazardName,
} as const;

/** A function item's description: `go1.24.4 · leaf · 128 KiB frame · preemptible`. */
export function functionDescription(h: Pick<Hazard, 'toolchain' | 'leaf' | 'frameSize' | 'preemptible'>): string {
  return [
    h.toolchain ?? scanTreeWords.unknownGo,
    h.leaf ? scanTreeWords.leaf : scanTreeWords.nonLeaf,
    `${sizeText(h.frameSize)} frame`,
    h.preemptible ? scanTreeWords.preemptible : scanTreeWords.notPreemptible,
  ].join(' · ');
}

/** A function item's tooltip: what it is, the fix (or why it is not a hazard), and where each split return is. */
export function functionTooltip(hazards: Hazard[], where: string[]): string {
  const h = hazards[0];
  return [shortTitle(h), fixLine(h), ...where].join('\n');
}

/** Where a return is: `main.go:17`, with a note when the file is not in the workspace. */
export function returnWhere(file: string, line: number, inWorkspace: boolean): string {
  return `${file}:${line}${inWorkspace ? '' : ` ${scanTreeWords.notInWorkspace}`}`;
}
