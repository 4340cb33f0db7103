// The text format of every scan (`scan`, `analyze-listing`, `scan-binary`):
// what a person reads in a terminal or a CI log. A listing scan starts with
// the toolchain that compiled and lists each hazard with its function and Go
// line; a binary scan groups hazards under the binary they were found in
// (toolchain, module, target) and names the mitigation once. Each line is
// escaped (report/escape.ts) so names from the input cannot forge lines or
// drive the terminal. Words come from core/vocabulary.
import type { Hazard } from '../hazard';
import {
  binaryHazardDetail,
  binaryHeadLine,
  binaryScanSummary,
  errorLine,
  fixLine,
  hazardHeadLine,
  inlinedFromLine,
  listingHazardDetail,
  listingScanSummary,
  MITIGATION,
  mitigationLine,
  toolchainLine,
  toolchainRequestedLine,
  whyLine,
} from '../vocabulary';
import { imageHeadLine, layerLine } from '../vocabulary/image';
import { escapeControl } from './escape';
import { displayFile } from './locate';
import { countedHazards, type BinarySource, type ListingSource, type ReportSource, type ScanReport } from './model';

/** The inline chain line of a hazard whose epilogue belongs to inlined calls (none otherwise). */
function inlineLines(h: Hazard, source: ReportSource, indent: string): string[] {
  if (!h.inlinedFrom?.length) return [];
  return [`${indent}${inlinedFromLine(h.inlinedFrom, (file, line) => `${displayFile({ file }, source)}:${line}`)}`];
}

function listingText(r: ScanReport, source: ListingSource, env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  const t = source.toolchain;
  if (t) {
    out.push(toolchainLine(t));
    if (t.requested) out.push(toolchainRequestedLine({ ...t, requested: t.requested }, env.GOTOOLCHAIN ?? 'auto'));
  }
  for (const h of r.hazards) {
    out.push('', hazardHeadLine(h, `${displayFile(h, source)}:${h.line}`), ...inlineLines(h, source, '  '));
    out.push(`  ${listingHazardDetail(h)}`, `  ${whyLine(h)}`, `  ${fixLine(h)}`);
  }
  for (const e of r.errors) {
    out.push('', errorLine({ ...e, where: e.file ? `${displayFile({ file: e.file }, source)}:${e.line ?? 0}` : undefined }));
  }
  out.push('', listingScanSummary(r.hazards, r.errors.length));
  return out;
}

function binaryText(r: ScanReport, source: BinarySource): string[] {
  const out: string[] = [];
  const byBinary = new Map<string, Hazard[]>();
  for (const h of r.hazards) byBinary.set(h.binary ?? '', [...(byBinary.get(h.binary ?? '') ?? []), h]);
  let image = '';
  for (const b of source.binaries) {
    // Binaries of an image come together: one heading per image, then each binary with its layer.
    const key = b.image ? `${b.image.ref}@${b.image.digest}` : '';
    if (b.image && key !== image) out.push(imageHeadLine(b.image));
    image = key;
    out.push(binaryHeadLine(b));
    if (b.layer) out.push(`  ${layerLine(b.layer)}`);
    for (const h of byBinary.get(b.path) ?? []) {
      out.push(`  ${hazardHeadLine(h, `${displayFile(h, source)}:${h.line}`)}`, ...inlineLines(h, source, '    '));
      out.push(`    ${binaryHazardDetail(h)}`, `    ${fixLine(h)}`);
    }
    for (const e of r.errors) if (e.binary === b.path) out.push(`  ${errorLine(e)}`);
    out.push('');
  }
  for (const e of r.errors) if (e.binary === undefined) out.push(errorLine(e));
  const counted = countedHazards(r);
  if (counted.length) out.push(mitigationLine(MITIGATION));
  out.push(
    binaryScanSummary(
      counted.length,
      counted.filter((h) => h.leaf && !h.fixedByToolchain).length,
      source.binaries.filter((b) => b.functions > 0).length,
      source.skipped,
      r.errors.length,
    ),
  );
  return out;
}

/** The report as text; `env` gives GOTOOLCHAIN for the note on a toolchain go.mod asked for. */
export function formatText(r: ScanReport, env: NodeJS.ProcessEnv = process.env): string {
  const lines = r.source.kind === 'listing' ? listingText(r, r.source, env) : binaryText(r, r.source);
  return `${lines.map(escapeControl).join('\n')}\n`;
}
