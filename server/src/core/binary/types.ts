// The values the binary reader hands to the CLI, the language server and crash
// triage: a built Go arm64 executable as functions, lines and findings. Plain
// data, no behaviour. (Contract shared by the binary scanner and triage.)

import type { InlinedFrame } from '../types';

export type ContainerFormat = 'elf' | 'macho';

/** One module line of the build info (`dep` / `mod`), with its replacement when `=>` follows. */
export interface ModuleRef {
  path: string;
  version: string;
  sum?: string;
  replace?: { path: string; version: string; sum?: string };
}

/** What `go version -m` prints, parsed. */
export interface BuildInfo {
  /** `go1.24.4` */
  goVersion: string;
  /** The main package path (`path` line). */
  path: string;
  main: ModuleRef | null;
  deps: ModuleRef[];
  /** `build` lines: GOOS, GOARCH, CGO_ENABLED, -trimpath, -buildmode, -ldflags, vcs.revision, ... */
  settings: Record<string, string>;
}

/** Why a split pair cannot be hit by async preemption (the runtime's isAsyncSafePoint refuses it). */
export type NotPreemptibleReason = 'unsafe-point' | 'assembly' | 'no-locals-pointer-map' | 'runtime-package';

/** A split SP update found in a binary's machine code (confirmed by the pcsp table and capstone). */
export interface BinaryFinding {
  kind: 'split-sp-update';
  /** Function name as the pclntab spells it (`main.bigLeaf`, `example.com/dep.G[go.shape.string]`). */
  function: string;
  /** Module the function belongs to (longest module-path prefix, or the file's `path@version/`); null when unknown (std, runtime). */
  module: string | null;
  moduleVersion: string | null;
  /** File of the second instruction in the outermost (physical) function, as the pclntab has it (absolute, or module-relative with -trimpath). */
  file: string;
  /** Line of the second instruction in the outermost function: the user's own `return` statement. */
  line: number;
  /** When the instruction belongs to inlined calls: each inlined function and the position in it, innermost first. */
  inlinedFrom?: InlinedFrame[];
  /** The `func` line (go1.20+ pclntabs; 0 when unknown). */
  declLine: number;
  frameSize: number;
  leaf: boolean;
  preemptible: boolean;
  /** Set when preemptible is false. */
  notPreemptible?: NotPreemptibleReason;
  /** Function entry address. */
  entry: number;
  /** Virtual address of the first of the two instructions. */
  address: number;
  /** Offset of the first instruction from the function entry (the crash log's `+0x..` names the second: offset + 4). */
  offset: number;
  /** Offsets of the two instructions from the function entry. */
  offsets: [number, number];
  /** File offset of the first instruction. */
  fileOffset: number;
  /** The two instructions as capstone prints them. */
  instructions: [string, string];
  /** True when a rebuild with a fixed toolchain removes it: non-leaf, built before go1.23.12 / go1.24.6 / go1.25.0. */
  fixedByToolchain: boolean;
}

/** What one binary holds. `errors` are one-line reasons a person can act on; the reader never throws. */
export interface BinaryReport {
  /** Path as given (or `image.tar:/usr/bin/app` inside an image archive). */
  path: string;
  format: ContainerFormat | null;
  goVersion: string | null;
  buildInfo: BuildInfo | null;
  /** Preemptible hazards; with `all`, also the non-preemptible pairs (preemptible: false). */
  findings: BinaryFinding[];
  errors: string[];
  /** Number of functions read from the pclntab (0 when it could not be read). */
  functions: number;
  /** For a binary found in an image: which image (reference as given, manifest digest, platform). */
  image?: { ref: string; digest: string; platform: string };
  /** For a binary found in an image: the layer whose file won (0 = base), and the build step that made it. */
  layer?: { index: number; digest: string; createdBy?: string };
  /** The symbolic link a directory walk reached the file through (the report's path is the real file's). */
  linkedFrom?: string;
}

/** What a PC resolves to: the function around it and its source position. */
export interface PcLocation {
  function: string;
  entry: number;
  /** pc - entry */
  offset: number;
  file: string;
  line: number;
  /** The instruction at pc, decoded (capstone), '' when it could not be decoded. */
  instruction: string;
  /** pcsp value at pc: the frame size the unwinder assumes there. */
  frameSize: number;
  /** The split pair this pc is the second instruction of, if any. */
  splitSecondHalfOf?: BinaryFinding;
  /** The split pair this pc is the first instruction of, if any (the window is at the next pc). */
  splitFirstHalfOf?: BinaryFinding;
}
