// The one record of a split epilogue, whichever engine found it: the listing
// engine (`go build -gcflags=-S`, a `Finding`) and the binary engine (a
// shipped executable's pclntab, a `BinaryFinding`) are mapped into a `Hazard`
// here, once, and everything downstream — the report formats (core/report),
// the language server, triage and the webviews — reads this record only.
// Plain data plus the two mappings; words about it live in core/vocabulary.
import type { BinaryFinding, NotPreemptibleReason } from './binary/types';
import type { Finding, FindingKind, InlinedFrame } from './types';

/**
 * What fixes it: `toolchain` (a non-leaf split SP update: a fixed toolchain pops the frame
 * atomically), `code-change` (a leaf function, or a split frame-pointer restore: no toolchain
 * fixes it), `none` (a pair async preemption never stops in: not a hazard).
 */
export type RemedyKey = 'toolchain' | 'code-change' | 'none';

export interface Hazard {
  kind: FindingKind;
  /** Function name as the engine spells it (`main.bigLeaf`, `example.com/dep.G[go.shape.string]`). */
  function: string;
  /** The `# importpath` the listing named it under; null for binaries. */
  packagePath: string | null;
  /** The module of a binary's function (null for the standard library, unknown, or a listing). */
  module: string | null;
  moduleVersion: string | null;
  /** File of the `return`: absolute (listing, or a binary built without -trimpath) or module-relative (-trimpath). */
  file: string;
  /** Line of the `return` whose epilogue this is (1-based): the physical function's own, also when the epilogue belongs to inlined calls. */
  line: number;
  /** The inlined calls the epilogue belongs to, innermost first: each inlined function and the position in it (empty or absent: none). */
  inlinedFrom?: InlinedFrame[];
  /** The `func` line (0 when a binary's pclntab does not say). */
  declLine: number;
  frameSize: number;
  leaf: boolean;
  /** Whether async preemption can stop between the two instructions (always true for listings). */
  preemptible: boolean;
  /** Set when preemptible is false. */
  notPreemptible?: NotPreemptibleReason;
  /** The two instructions as capstone prints them. */
  instructions: [string, string];
  /** Offsets of the two instructions from the function's entry (a crash log's `+0x..` names the second). */
  offsets: [number, number];
  /** Virtual address of the first instruction, when known (binaries). */
  address: number | null;
  /** Go's pseudo-assembly that produced the pair (`ADD $65552, RSP`), when known (listings). */
  pseudo: string | null;
  /** The binary it was found in (`app`, `image.tar:/usr/bin/app`); null for listings. */
  binary: string | null;
  /** The toolchain that compiled it (`go1.24.4`), when known. */
  toolchain: string | null;
  /** True when a rebuild with a fixed toolchain removes it (non-leaf split SP updates before the fix). */
  fixedByToolchain: boolean;
  remedy: RemedyKey;
}

/** The remedy key of a pair (see RemedyKey). */
export function remedyKey(h: { kind: FindingKind; leaf: boolean; fixedByToolchain: boolean; preemptible: boolean }): RemedyKey {
  if (!h.preemptible) return 'none';
  if (h.kind === 'split-fp-restore') return 'code-change';
  return h.fixedByToolchain || !h.leaf ? 'toolchain' : 'code-change';
}

/** A listing finding, compiled by `toolchain` (the version that ran; null when unknown, as in a saved listing). */
export function hazardFromFinding(f: Finding, toolchain: string | null): Hazard {
  return {
    kind: f.kind,
    function: f.function,
    packagePath: f.packagePath,
    module: null,
    moduleVersion: null,
    file: f.file,
    line: f.line,
    ...(f.inlinedFrom?.length ? { inlinedFrom: f.inlinedFrom } : {}),
    declLine: f.declLine,
    frameSize: f.frameSize,
    leaf: f.leaf,
    preemptible: true,
    instructions: f.instructions,
    offsets: f.offsets,
    address: null,
    pseudo: f.pseudo,
    binary: null,
    toolchain,
    fixedByToolchain: f.fixedByToolchain,
    remedy: remedyKey({ ...f, preemptible: true }),
  };
}

/** A binary finding of the binary at `binary`, built by `goVersion`. */
export function hazardFromBinaryFinding(f: BinaryFinding, binary: string, goVersion: string | null): Hazard {
  return {
    kind: f.kind,
    function: f.function,
    packagePath: null,
    module: f.module,
    moduleVersion: f.moduleVersion,
    file: f.file,
    line: f.line,
    ...(f.inlinedFrom?.length ? { inlinedFrom: f.inlinedFrom } : {}),
    declLine: f.declLine,
    frameSize: f.frameSize,
    leaf: f.leaf,
    preemptible: f.preemptible,
    ...(f.notPreemptible ? { notPreemptible: f.notPreemptible } : {}),
    instructions: f.instructions,
    offsets: f.offsets,
    address: f.address,
    pseudo: null,
    binary,
    toolchain: goVersion,
    fixedByToolchain: f.fixedByToolchain,
    remedy: remedyKey(f),
  };
}
