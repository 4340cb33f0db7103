// Plain values that flow from the runner through the parser and detector to
// the CLI, the language server and the reproducer. No behaviour here.

/** One Prog line of a `-S` listing: `\t0x005c 00092 (/abs/main.go:9)\tADD\t$65552, RSP`. */
export interface Prog {
  offset: number;
  file: string;
  line: number;
  /** Go's pseudo-assembly (Plan 9 syntax), tab-separated fields joined by a tab. */
  text: string;
}

/** One function of a listing, as the parser hands it over. */
export interface FunctionListing {
  symbol: string;
  /** From the latest `# importpath` header, '' when the listing has none. */
  packagePath: string;
  /** Bytes of machine code (`size=` in the header). */
  size: number;
  /** Frame size from the TEXT Prog (`$65552-8`), else `locals=` + 8. */
  frameSize: number;
  argsSize: number;
  leaf: boolean;
  /** File and line of the TEXT Prog: the declaration. */
  file: string;
  declLine: number;
  /** Only filled when the parser was asked to keep Progs for this function. */
  progs: Prog[];
  /** Machine code from the hex dump; empty when not needed (frame cannot split). */
  code: Uint8Array;
}

export type FindingKind = 'split-sp-update' | 'split-fp-restore';

export interface DecodedInstruction {
  offset: number;
  /** e.g. `add sp, sp, #0x10` (capstone's text). */
  text: string;
  bytes: string;
}

export interface Finding {
  kind: FindingKind;
  function: string;
  packagePath: string;
  file: string;
  /** Line of the `return` whose epilogue this is (1-based). */
  line: number;
  declLine: number;
  frameSize: number;
  leaf: boolean;
  /** Offset of the first of the two instructions, within the function. */
  offset: number;
  /** The two decoded instructions, as capstone prints them. */
  instructions: [string, string];
  /** Offsets of the two instructions. */
  offsets: [number, number];
  /** Go's pseudo-assembly line that produced them (`ADD $65552, RSP`). */
  pseudo: string;
  /** True when a toolchain upgrade removes it (non-leaf SP updates only). */
  fixedByToolchain: boolean;
  /** When the epilogue belongs to inlined calls: each inlined function and the position in it, innermost first (file and line are then the physical function's `return`). */
  inlinedFrom?: InlinedFrame[];
}

/** One level of inlining at an instruction: the inlined function, and where the instruction sits in it. */
export interface InlinedFrame {
  function: string;
  file: string;
  line: number;
}

export interface BuildError {
  /** `# importpath` the error was reported under, '' if none. */
  packagePath: string;
  file?: string;
  line?: number;
  column?: number;
  message: string;
}

export interface GoVersion {
  raw: string; // "go1.26.10", "devel go1.27-abcdef ..."
  major: number;
  minor: number;
  patch: number; // 0 for go1.21rc1 and devel
  prerelease?: string; // "rc1", "beta2"
  devel: boolean;
}

export interface ToolchainInfo {
  /** The `go` that was run. */
  path: string;
  /** Why this `go` was chosen (setting, PATH, installed set, ...). */
  why: string;
  /** What that `go` reports in the module directory (`go env GOVERSION`): the toolchain that compiled. */
  version: string;
  goos: string;
  goarch: string;
  /** Whether this toolchain emits atomic epilogues for non-leaf functions. */
  nonLeafFixed: boolean;
  /** The `toolchain`/`go` line of go.mod when it asks for another toolchain than the one that ran. */
  requested?: string;
}

export interface AnalysisResult {
  toolchain: ToolchainInfo;
  moduleRoot: string;
  findings: Finding[];
  errors: BuildError[];
  /** Functions with findings, with their Progs kept (assembly view, hover). */
  functions: FunctionListing[];
  /** Bytes of listing parsed. */
  listingBytes: number;
  /** True when the build was cancelled before the listing ended. */
  cancelled: boolean;
}

/** One Prog of a function as shown to people: pseudo-assembly beside the native instructions. */
export interface AssemblyLine {
  offset: number;
  sourceLine: number;
  pseudo: string;
  /** Native arm64 instructions this Prog assembled to (capstone). */
  native: string[];
  /** Part of a split SP/FP update. */
  split: boolean;
}
