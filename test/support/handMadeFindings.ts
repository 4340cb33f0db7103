// Findings written by hand for the tests that need no Go (report formats, the
// JSON schema, CI outputs): one listing finding and one binary finding of the
// same non-leaf main.fill (a 131104-byte frame popped by two ADDs at +0x54),
// each overridable field by field, and the go1.24.4 toolchain they name.
import type { BinaryFinding } from '../../server/src/core/binary/types';
import type { Finding } from '../../server/src/core/types';

/** The toolchain a hand-made listing report names (not fixed for non-leaf functions). */
export const HAND_TOOLCHAIN = { path: '/go/bin/go', why: '--go', version: 'go1.24.4', goos: 'linux', goarch: 'arm64', nonLeafFixed: false };

/** A listing finding: main.fill's return at main.go:31. */
export function listingFinding(over: Partial<Finding> = {}): Finding {
  return {
    kind: 'split-sp-update',
    function: 'main.fill',
    packagePath: 'main',
    file: '/src/app/main.go',
    line: 31,
    declLine: 28,
    frameSize: 131104,
    leaf: false,
    offset: 0x54,
    instructions: ['add sp, sp, #0x20', 'add sp, sp, #0x20, lsl #12'],
    offsets: [0x54, 0x58],
    pseudo: 'ADD $131104, RSP',
    fixedByToolchain: true,
    ...over,
  };
}

/** A binary finding: the same function in module example.com/app, preemptible. */
export function binaryFinding(over: Partial<BinaryFinding> = {}): BinaryFinding {
  return {
    kind: 'split-sp-update',
    function: 'main.fill',
    module: 'example.com/app',
    moduleVersion: '(devel)',
    file: 'example.com/app/cmd/main.go',
    line: 31,
    declLine: 28,
    frameSize: 131104,
    leaf: false,
    preemptible: true,
    entry: 0x10000,
    address: 0x10054,
    offset: 0x54,
    offsets: [0x54, 0x58],
    fileOffset: 0x54,
    instructions: ['add sp, sp, #0x20', 'add sp, sp, #0x20, lsl #12'],
    fixedByToolchain: true,
    ...over,
  };
}

/** The runtime's own non-preemptible pair (assembly), as `--all` shows it. */
export const runtimeAsmPair = (): BinaryFinding =>
  binaryFinding({
    function: 'runtime.memmove',
    module: null,
    moduleVersion: null,
    file: 'runtime/memmove_arm64.s',
    line: 12,
    declLine: 0,
    leaf: true,
    preemptible: false,
    notPreemptible: 'assembly',
    fixedByToolchain: false,
  });
