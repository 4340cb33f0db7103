// The words of the executable readers (ELF, Mach-O, fat Mach-O, Go's pclntab
// and function table): why a file is not a Go arm64 executable the scanner
// reads, the parts of a file its headers promise (named in the `truncated:`
// lines of readers.ts), what is wrong with a table that disagrees with itself,
// and why one function or one traceback offset could not be read.
import { hex } from './findings';

/** Why a file is not a Go arm64 executable, or cannot be read as one. */
export const binaryFileWords = {
  tooShort: 'not an ELF or Mach-O file (too short)',
  notElfOrMachO: 'not an ELF or Mach-O file',
  machO32OrBigEndian: 'a 32-bit or big-endian Mach-O file: only 64-bit arm64 Mach-O is supported',
  elf32: 'a 32-bit ELF file: only 64-bit arm64 executables are supported',
  elfBigEndian: 'a big-endian ELF file: only little-endian arm64 executables are supported',
  elfNotExecutable: (type: number) => `an ELF file of type ${type} (not an executable)`,
  elfProgramHeaderSize: (size: number) => `corrupt ELF: program header size ${size}`,
  machOLoadCommandSize: (index: number, size: number) => `corrupt Mach-O: load command ${index} has size ${size}`,
  /** A Go binary built for another architecture. */
  goForOtherArch: (arch: string) => `Go binary for ${arch}: the split-epilogue hazard is arm64-only`,
  /** `format`: ELF, Mach-O or fat Mach-O. */
  otherArch: (format: string, arch: string) => `not a Go arm64 binary: ${format} file for ${arch}`,
  /** Built by a Go release whose pclntab this reader does not know (named by its build info). */
  goTooOld: (version: string) => `Go version ${version} predates the pclntab formats supported (go1.18+)`,
  /** Built by a Go release whose pclntab this reader does not know (told by the pclntab's magic). */
  pclntabTooOld: (go116: boolean) =>
    `Go version ${go116 ? 'go1.16 or go1.17' : 'before go1.16'} (pclntab format) predates the pclntab formats supported (go1.18+)`,
  noPclntab: 'no Go pclntab found (packed or obfuscated binary?)',
  /** No build info and no pclntab: `why` says what is missing. */
  notGo: (why: string) => `not a Go binary: ${why}`,
  noTextStart: (tried: number) =>
    `could not find where the Go code starts (tried ${tried} candidate${tried === 1 ? '' : 's'}): corrupt or unusual binary`,
  fileShrank: 'the file shrank while it was read',
  /** One function whose bytes the file does not hold (the scan goes on with the others). */
  unreadableFunction: (pc: number, why: string) => `could not read the function at ${hex(pc)}: ${why}`,
  /** Crash triage: a traceback's `function+0xOFF` that this binary does not have. */
  functionNotInBinary: (name: string) => `function ${name} is not in this binary`,
  offsetOutsideFunction: (offset: number, name: string, size: number) => `offset ${hex(offset)} lies outside ${name} (size ${hex(size)})`,
};

/** What is wrong with a Go function table that disagrees with itself (each is wrapped by readers.ts' corruptTable). */
export const funcTableWords = {
  notSorted: (index: number) => `the Go function table is not sorted at function ${index}`,
  endsBeforeLast: 'the Go function table ends before its last function',
  codeOutsideSegments: (lo: number, hi: number) =>
    `the Go code the function table covers (${hex(lo)}-${hex(hi)}) is not in the file's segments`,
  endsBeforeStart: (index: number) => `Go function ${index} ends before it starts`,
};

/** The parts of a file a reader needs, as named in `truncated: <part> needs N bytes, the file has M`. */
export const fileParts = {
  elfHeader: 'ELF header',
  elfProgramHeader: 'ELF program header',
  elfProgramHeaderTable: 'the ELF program header table',
  elfSectionHeaderTable: 'the ELF section header table',
  elfSegment: (index: number) => `ELF segment ${index}`,
  elfSection: (name: string) => `ELF section ${name}`,
  machOHeader: 'Mach-O header',
  machOLoadCommands: 'the Mach-O load commands',
  machOSegment: (name: string) => `Mach-O segment ${name}`,
  machOSymbolTable: 'the Mach-O symbol table',
  machOStringTable: 'the Mach-O string table',
  fatArchEntry: 'fat Mach-O architecture entry',
  fatArm64Slice: 'the arm64 slice of the fat Mach-O file',
  funcTable: (count: number) => `the Go function table (${count} functions)`,
  funcRecord: (index: number) => `the record of Go function ${index}`,
  funcRecordOf: (index: number, count: number) => `the record of Go function ${index} of ${count}`,
  /** A part read at a given place (`ELF program header at file offset 0x40`). */
  atFileOffset: (part: string, offset: number) => `${part} at file offset ${hex(offset)}`,
};
