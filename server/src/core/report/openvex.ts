// `--format openvex`: the binary scan as an OpenVEX (v0.2.0) document for
// security teams. One statement per scanned binary: the product is the image
// by digest (`pkg:oci/…`) with the binary's main module as its subcomponent,
// or the binary's main module (`pkg:golang/…`) for a plain file; the
// vulnerability is golang/go#73259 (it has no CVE). Status: `affected` with the
// remedy as action statement when a preemptible split epilogue is present,
// `not_affected` (vulnerable_code_not_present) when none, `under_investigation`
// when the binary could not be read. Package URLs are built by packageurl-js.
import { randomUUID } from 'node:crypto';
import { PackageURL } from 'packageurl-js';
import type { Hazard } from '../hazard';
import type { BinarySummary, ScanReport } from './model';
import { vexWords } from '../vocabulary/vex';

export interface VexContext {
  toolVersion: string;
  /** ISO time of the document (tests pass a fixed one). */
  now?: string;
  /** The document's IRI (default a fresh urn:uuid). */
  id?: string;
}

type Component = { '@id': string; identifiers?: { purl: string }; subcomponents?: { '@id': string; identifiers: { purl: string } }[] };

function golangPurl(b: BinarySummary): string {
  const main = b.mainModule;
  const modPath = main?.path || b.mainPackage;
  if (!modPath)
    return new PackageURL('generic', undefined, b.path.split(/[/:]/).pop() || 'binary', undefined, undefined, undefined).toString();
  const slash = modPath.lastIndexOf('/');
  const version = main?.version && main.version !== '(devel)' ? main.version : undefined;
  return new PackageURL(
    'golang',
    slash > 0 ? modPath.slice(0, slash) : undefined,
    slash > 0 ? modPath.slice(slash + 1) : modPath,
    version,
    undefined,
    undefined,
  ).toString();
}

function ociPurl(b: BinarySummary): string | undefined {
  if (!b.image) return undefined;
  const ref = b.image.ref;
  const reg = /^registry:([^/]+)\/([^:@]+)/.exec(ref);
  const name = (reg ? reg[2] : ref.replace(/^oci:/, '').replace(/[:@].*$/, '')).split('/').pop()!.toLowerCase() || 'image';
  const [os, arch, variant] = b.image.platform.split('/');
  const qualifiers: Record<string, string> = { arch, os };
  if (variant) qualifiers.variant = variant;
  if (reg) qualifiers.repository_url = `${reg[1]}/${reg[2]}`;
  return new PackageURL('oci', undefined, name, b.image.digest, qualifiers, undefined).toString();
}

function product(b: BinarySummary): Component {
  const go = golangPurl(b);
  const oci = ociPurl(b);
  if (!oci) return { '@id': go, identifiers: { purl: go } };
  return { '@id': oci, identifiers: { purl: oci }, subcomponents: [{ '@id': go, identifiers: { purl: go } }] };
}

export function formatOpenVex(r: ScanReport, ctx: VexContext): string {
  const now = ctx.now ?? new Date().toISOString();
  const binaries = r.source.kind === 'binary' ? r.source.binaries : [];
  const byBinary = new Map<string, Hazard[]>();
  for (const h of r.hazards) if (h.preemptible && h.binary) byBinary.set(h.binary, [...(byBinary.get(h.binary) ?? []), h]);
  const failed = new Map<string, string>();
  for (const e of r.errors) if (e.binary && !failed.has(e.binary)) failed.set(e.binary, e.message);
  const statements = binaries.map((b) => {
    const hazards = byBinary.get(b.path) ?? [];
    const error = failed.get(b.path);
    const base = {
      vulnerability: { '@id': vexWords.vulnerabilityId, name: vexWords.vulnerabilityName, description: vexWords.vulnerabilityDescription },
      products: [product(b)],
      status_notes: vexWords.statusNotes(b, hazards.length, error),
    };
    if (b.functions === 0 || error) return { ...base, status: 'under_investigation' as const };
    if (!hazards.length) return { ...base, status: 'not_affected' as const, justification: 'vulnerable_code_not_present' as const };
    return {
      ...base,
      status: 'affected' as const,
      action_statement: vexWords.action(hazards, b.goVersion),
      action_statement_timestamp: now,
    };
  });
  const doc = {
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': ctx.id ?? `urn:uuid:${randomUUID()}`,
    author: vexWords.author,
    role: vexWords.role,
    timestamp: now,
    version: 1,
    tooling: `preempt-guard ${ctx.toolVersion}`,
    statements,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
