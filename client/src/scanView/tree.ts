// The scan view's model: a pure function from the server's binary-scan result
// (shared/protocol.ts ScanBinaryResult: the report model's binaries with their
// Hazard records) to the items the tree shows — image → layer → binary →
// module → function for an image, binary → module → function for a file or a
// directory — each with its label, one-line description, tooltip (the fix, from
// core/vocabulary) and, when the `return` is in the workspace, where a click
// goes. A binary's errors and the scan's own errors are items too. No `vscode`
// here: the unit tests read it as it is.
import { escapeControl, type ScanBinaryEntry, type ScanBinaryFinding, type ScanBinaryResult } from '../../../shared/protocol';
import {
  binaryScanSummary,
  functionDescription,
  functionTooltip,
  returnWhere,
  scanTreeWords as W,
} from '../../../server/src/core/vocabulary';

export type ScanNodeKind = 'image' | 'layer' | 'binary' | 'module' | 'function' | 'return' | 'error';

export interface ScanNode {
  kind: ScanNodeKind;
  /** Unique in the tree (the path of labels from the root). */
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A workspace file and its 1-based line: the `return` a click opens. */
  open?: { file: string; line: number };
  /** Some preemptible hazard is at or below this item. */
  hazard: boolean;
  children: ScanNode[];
}

export interface ScanTree {
  /** The summary line shown above the items. */
  message: string;
  roots: ScanNode[];
}

/** Where a binary read from an image ends its image part: `oci:DIR:/usr/bin/app` → `/usr/bin/app`. */
function inImageCut(p: string): number {
  return p.lastIndexOf(':/');
}

function node(kind: ScanNodeKind, parent: string, label: string, rest: Partial<ScanNode> = {}): ScanNode {
  return { kind, id: `${parent}/${kind}:${label}`, label, hazard: false, children: [], ...rest };
}

/** Appends `child` under `parent`, keeping ids unique among siblings. */
function adopt(parent: { id: string; children: ScanNode[] }, child: ScanNode): ScanNode {
  const same = parent.children.filter((c) => c.id === child.id || c.id.startsWith(`${child.id}#`)).length;
  if (same) child.id += `#${same}`;
  parent.children.push(child);
  return child;
}

/** A finding with the text that came from the scanned bytes made inert (names, paths, versions). */
function inert(h: ScanBinaryFinding): ScanBinaryFinding {
  const esc = (s: string | null) => (s === null ? null : escapeControl(s));
  return {
    ...h,
    function: escapeControl(h.function),
    file: escapeControl(h.file),
    toolchain: esc(h.toolchain),
    module: esc(h.module),
    moduleVersion: esc(h.moduleVersion),
  };
}

function functionNode(parent: string, name: string, found: ScanBinaryFinding[]): ScanNode {
  const hazards = found.map(inert);
  const where = hazards.map((h) => returnWhere(h.file, h.line, !!h.localFile));
  const first = hazards.find((h) => h.localFile);
  const fn = node('function', parent, escapeControl(name), {
    description: functionDescription(hazards[0]),
    tooltip: functionTooltip(hazards, where),
    hazard: hazards.some((h) => h.preemptible),
    ...(first ? { open: { file: first.localFile!, line: first.line } } : {}),
  });
  if (hazards.length > 1)
    for (const h of hazards)
      adopt(
        fn,
        node('return', fn.id, `${h.file}:${h.line}`, {
          description: W.hazardName(h.kind),
          tooltip: returnWhere(h.file, h.line, !!h.localFile),
          hazard: h.preemptible,
          ...(h.localFile ? { open: { file: h.localFile, line: h.line } } : {}),
        }),
      );
  return fn;
}

function binaryNode(parent: string, b: ScanBinaryEntry, label: string): ScanNode {
  const counted = b.findings.filter((f) => f.preemptible).length;
  const bin = node('binary', parent, escapeControl(label), {
    description: [
      b.goVersion === null ? W.unknownGo : escapeControl(b.goVersion),
      ...(b.mainModule ? [escapeControl(b.mainModule)] : []),
      b.findings.length ? W.hazards(counted) : b.errors.length ? W.error : W.noHazards,
    ].join(' · '),
    tooltip: escapeControl(b.path),
    hazard: counted > 0,
  });
  const modules = new Map<string, ScanBinaryFinding[]>();
  for (const f of b.findings) {
    const key = f.module ?? W.standardLibrary;
    modules.set(key, [...(modules.get(key) ?? []), f]);
  }
  for (const [name, findings] of modules) {
    const version = findings.find((f) => f.moduleVersion)?.moduleVersion;
    const mod = adopt(bin, node('module', bin.id, escapeControl(name), version ? { description: escapeControl(version) } : {}));
    const fns = new Map<string, ScanBinaryFinding[]>();
    for (const f of findings) fns.set(f.function, [...(fns.get(f.function) ?? []), f]);
    for (const [fname, hazards] of fns) adopt(mod, functionNode(mod.id, fname, hazards));
    mod.hazard = mod.children.some((c) => c.hazard);
  }
  for (const e of b.errors) adopt(bin, errorNode(bin.id, e));
  return bin;
}

function errorNode(parent: string, message: string): ScanNode {
  const text = escapeControl(message);
  return node('error', parent, text, { description: W.error, tooltip: text });
}

/** A plain binary's label: its path below the scanned directory, or its file name. */
function plainLabel(p: string, target: string): string {
  const dir = target.endsWith('/') ? target : `${target}/`;
  if (p.startsWith(dir)) return p.slice(dir.length);
  return p.slice(p.lastIndexOf('/') + 1) || p;
}

/** The tree of one scan of `target` (the path or image reference the user gave). */
export function scanTree(result: ScanBinaryResult, target: string): ScanTree {
  const roots: ScanNode[] = [];
  const top = { id: '', children: roots };
  const images = new Map<string, ScanNode>();
  /** An image by the label its binaries' paths start with (`oci:DIR`, `oci:DIR@sha256:…`). */
  const byPrefix = new Map<string, ScanNode>();
  const layerIndex = new Map<ScanNode, number>();
  for (const b of result.binaries) {
    if (!b.image) continue;
    const key = `${b.image.ref}@${b.image.digest}`;
    if (images.has(key)) continue;
    const img = node('image', '', escapeControl(b.image.ref), {
      description: escapeControl(`${b.image.platform} · ${W.shortDigest(b.image.digest)}`),
      tooltip: escapeControl(W.imageTooltip(b.image)),
    });
    images.set(key, adopt(top, img));
    byPrefix.set(b.path.slice(0, inImageCut(b.path)), img);
  }
  for (const b of result.binaries) {
    const cut = inImageCut(b.path);
    const img = b.image ? images.get(`${b.image.ref}@${b.image.digest}`) : cut > 0 ? byPrefix.get(b.path.slice(0, cut)) : undefined;
    if (!img) {
      adopt(top, binaryNode('', b, plainLabel(b.path, target)));
      continue;
    }
    let parent = img;
    const layer = b.layer;
    if (layer) {
      parent = img.children.find((c) => layerIndex.get(c) === layer.index) ?? adopt(img, layerNode(img.id, layer));
      layerIndex.set(parent, layer.index);
    }
    adopt(parent, binaryNode(parent.id, b, b.path.slice(cut + 1)));
  }
  for (const img of images.values()) {
    // Layers base first; binaries of the image whose layer is unknown (errors) after them.
    img.children.sort((a, b) => (layerIndex.get(a) ?? Number.MAX_SAFE_INTEGER) - (layerIndex.get(b) ?? Number.MAX_SAFE_INTEGER));
    for (const l of img.children) if (l.kind === 'layer') l.hazard = l.children.some((c) => c.hazard);
    img.hazard = img.children.some((c) => c.hazard);
  }
  for (const e of result.errors) adopt(top, errorNode('', e));

  const counted = result.binaries.flatMap((b) => b.findings.filter((f) => f.preemptible));
  const errors = result.errors.length + result.binaries.reduce((n, b) => n + b.errors.length, 0);
  return {
    message: binaryScanSummary(
      counted.length,
      counted.filter((h) => h.leaf && !h.fixedByToolchain).length,
      result.binaries.filter((b) => b.functions > 0).length,
      result.skipped,
      errors,
    ),
    roots,
  };
}

function layerNode(parent: string, l: NonNullable<ScanBinaryEntry['layer']>): ScanNode {
  return node('layer', parent, W.layer(l.index), {
    description: escapeControl(l.createdBy ?? W.shortDigest(l.digest)),
    tooltip: escapeControl(W.layerTooltip(l)),
  });
}
