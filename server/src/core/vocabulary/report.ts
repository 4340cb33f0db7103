// The words of the scan reports (core/report): the one message of a hazard in
// code scanning, CI annotations and diagnostics, whichever engine found it
// (a shipped binary's says where it was found and "rebuild with"), the lines
// of the text format, and its summaries.
import type { Hazard } from '../hazard';
import type { ToolchainInfo } from '../types';
import { binaryCiMessage, binaryFindingMessage, binaryRemedyLine, NOT_PREEMPTIBLE_WHY } from './binary';
import { ciMessage } from './ci';
import { findingRemedy, findingTitle, findingWhy, hex } from './findings';

/** The full message of a hazard (SARIF result, diagnostic): what, why, what to do (and where, for a binary). */
export function hazardMessage(h: Hazard): string {
  if (h.binary !== null) return binaryFindingMessage(h, h.binary, h.toolchain);
  return `${findingTitle(h)}. ${findingWhy(h)} ${findingRemedy(h, h.toolchain ?? undefined)}`;
}

/** One line for a CI annotation (GitHub workflow command, GitLab Code Quality). */
export function hazardCiMessage(h: Hazard): string {
  return h.binary !== null ? binaryCiMessage(h, h.binary, h.toolchain) : ciMessage(h, h.toolchain ?? undefined);
}

/** `toolchain: go1.24.4 (/usr/bin/go; first go on PATH) GOOS=linux GOARCH=arm64 - ...` */
export function toolchainLine(t: ToolchainInfo): string {
  return (
    `toolchain: ${t.version} (${t.path}; ${t.why}) GOOS=${t.goos} GOARCH=${t.goarch}` +
    `${t.nonLeafFixed ? ' - non-leaf epilogues are atomic with this toolchain' : ' - this toolchain splits non-leaf epilogues too'}`
  );
}

/** The note when go.mod asked for another toolchain than the one that compiled. */
export function toolchainRequestedLine(t: ToolchainInfo & { requested: string }, gotoolchain: string): string {
  return `note: go.mod asks for ${t.requested}, but ${t.version} compiled (GOTOOLCHAIN=${gotoolchain})`;
}

/** The head line of a hazard in text output. */
export function hazardHeadLine(h: Hazard, where: string): string {
  return `${where}: ${h.kind}: ${findingTitle(h)}`;
}

/**
 * The inline chain under a hazard whose epilogue belongs to inlined calls, innermost first:
 * `inlined from main.pick (main.go:6), called from main.wrap (main.go:13)`; `where` gives each frame's file:line as shown.
 */
export function inlinedFromLine(
  frames: { function: string; file: string; line: number }[],
  where: (file: string, line: number) => string,
): string {
  return `inlined from ${frames.map((f) => `${f.function} (${where(f.file, f.line)})`).join(', called from ')}`;
}

/** The detail line of a listing hazard: function, declaration, leaf, frame, the two instructions and Go's line. */
export function listingHazardDetail(h: Hazard): string {
  return (
    `function ${h.function} (declared at line ${h.declLine}, ${h.leaf ? 'leaf' : 'non-leaf'}, frame ${h.frameSize} bytes), ` +
    `at ${hex(h.offsets[0])}: ${h.instructions[0]} / ${hex(h.offsets[1])}: ${h.instructions[1]}${h.pseudo ? `  [Go: ${h.pseudo}]` : ''}`
  );
}

/** The detail line of a binary's hazard: leaf, frame, module, address, the two instructions. */
export function binaryHazardDetail(h: Hazard): string {
  const version = h.moduleVersion && h.moduleVersion !== '(devel)' ? `@${h.moduleVersion}` : '';
  return (
    `${h.leaf ? 'leaf' : 'non-leaf'}, frame ${h.frameSize} bytes, module ${h.module ?? '(standard library)'}${version}, ` +
    `at ${h.address === null ? '?' : hex(h.address)} (${h.function}+${hex(h.offsets[0])}): ${h.instructions[0]} / ${h.instructions[1]}`
  );
}

export const whyLine = (h: Hazard): string => `why: ${findingWhy(h)}`;

/** The `fix:` line of a hazard, or why a non-preemptible pair is not one. */
export function fixLine(h: Hazard): string {
  if (!h.preemptible) return NOT_PREEMPTIBLE_WHY[h.notPreemptible ?? 'unsafe-point'];
  return `fix: ${h.binary !== null ? binaryRemedyLine(h, h.toolchain) : findingRemedy(h, h.toolchain ?? undefined)}`;
}

/** `error: file:line: message (package p)` / `error: message`. */
export function errorLine(e: { message: string; where?: string; packagePath?: string }): string {
  return `error: ${e.where ? `${e.where}: ` : ''}${e.message}${e.packagePath ? ` (package ${e.packagePath})` : ''}`;
}

/** The summary line of a listing scan. */
export function listingScanSummary(hazards: Hazard[], errors: number): string {
  const sp = hazards.filter((h) => h.kind === 'split-sp-update');
  return (
    `${sp.length} split SP update(s) (${sp.filter((h) => h.leaf).length} in leaf functions: need a code change), ` +
    `${hazards.length - sp.length} split FP restore(s), ${errors} error(s)`
  );
}

/** The head line of one binary: its toolchain, module (or main package), target, format and size. */
export function binaryHeadLine(b: {
  path: string;
  format: string | null;
  goVersion: string | null;
  mainModule: { path: string; version: string } | null;
  mainPackage: string | null;
  settings: Record<string, string>;
  functions: number;
}): string {
  if (!b.format && !b.goVersion) return `${b.path}:`;
  const parts = [b.goVersion ?? 'Go version unknown'];
  if (b.mainModule) parts.push(`module ${b.mainModule.path}${b.mainModule.version ? ` ${b.mainModule.version}` : ''}`);
  else if (b.mainPackage) parts.push(`package ${b.mainPackage}`);
  if (b.settings.GOOS) parts.push(`${b.settings.GOOS}/${b.settings.GOARCH ?? '?'}`);
  if (b.format) parts.push(b.format);
  if (b.functions) parts.push(`${b.functions} functions`);
  return `${b.path}: ${parts.join(', ')}`;
}

/** A saved listing that held no function. */
export function emptyListing(name: string): string {
  return `${name} holds no function listing (expected the stderr of go build -gcflags=-S)`;
}

/** The name of standard input in messages. */
export const STDIN_NAME = 'standard input';

export const mitigationLine = (mitigation: string): string => `mitigation: ${mitigation}`;
