// The binary reader on two committed builds of the reproducer (stripped
// go1.24.4 linux ELF, stripped go1.27.3 darwin Mach-O; see
// test-fixtures/binaries/README.md), a fat Mach-O wrapped in the test, and
// hand-made inputs: containers, pclntab, text start, build info, detector,
// crash-pc lookup and the one-line reasons for bad input.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { locatePc, openGoBinary, parseModInfo, scanBinary, type GoBinary } from '../../server/src/core/binary';
import { readUvarint } from '../../server/src/core/binary/bytes';
import { leafFromEpilogue } from '../../server/src/core/binary/leaf';
import { pcValueAt } from '../../server/src/core/binary/pcvalue';
import { FIXTURES } from '../support/paths';

const bin = (name: string) => readFileSync(path.join(FIXTURES, 'binaries', name));
const ELF = 'reproducer-go1.24-linux-arm64-stripped';
const MACHO = 'reproducer-go1.27-darwin-arm64-stripped';
const SPLIT = ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12'];

function open(bytes: Uint8Array): GoBinary {
  const b = openGoBinary(bytes);
  if ('error' in b) assert.fail(b.error);
  return b;
}

/** A fat Mach-O with an x86_64 placeholder and the arm64 slice at a 16 KiB aligned offset. */
function fat(slice: Uint8Array, wide = false): Uint8Array {
  const offset = 0x4000,
    entry = wide ? 32 : 20;
  const out = new Uint8Array(offset + slice.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, wide ? 0xcafebabf : 0xcafebabe);
  dv.setUint32(4, 2);
  dv.setUint32(8, 0x01000007); // amd64 entry, points nowhere useful
  const arm = 8 + entry;
  dv.setUint32(arm, 0x0100000c);
  if (wide) {
    dv.setBigUint64(arm + 8, BigInt(offset));
    dv.setBigUint64(arm + 16, BigInt(slice.length));
  } else {
    dv.setUint32(arm + 8, offset);
    dv.setUint32(arm + 12, slice.length);
  }
  out.set(slice, offset);
  return out;
}

describe('binary reader: containers, pclntab, build info', () => {
  it('stripped go1.24 ELF: pclntab by section, textStart from the header, build info', () => {
    const b = open(bin(ELF));
    assert.deepEqual(
      [b.format, b.goVersion, b.functionCount, b.pclntab.foundBy, b.pclntab.funcSize, b.textStart],
      ['elf', 'go1.24.4', 1294, 'section', 44, { addr: 0x11000, source: 'header' }],
    );
    assert.deepEqual(b.buildInfo?.main, { path: 'example.com/reproducer', version: '(devel)' });
    assert.deepEqual(
      [b.buildInfo?.path, b.buildInfo?.settings.GOOS, b.buildInfo?.settings['-trimpath'], b.buildInfo?.settings.CGO_ENABLED],
      ['example.com/reproducer', 'linux', 'true', '0'],
    );
    const fn = b.functionByName('main.big_stack')!;
    assert.deepEqual([fn.entry, fn.end - fn.entry, fn.startLine, fn.assembly], [0x78a00, 176, 11, false]);
    assert.deepEqual(b.lineAt(fn.entry), { file: 'example.com/reproducer/main.go', line: 11 });
    assert.equal(b.functionAt(fn.entry + 100)?.name, 'main.big_stack');
    assert.equal(b.pcspAt(fn.entry + 148), 65552);
    assert.equal(b.code(fn).length, 176);
    assert.equal(b.functionByName('runtime.call65536')?.assembly, true);
  });

  it('stripped go1.27 Mach-O: textStart from moduledata (the header holds 0 since go1.26)', () => {
    const b = open(bin(MACHO));
    assert.deepEqual(
      [b.format, b.goVersion, b.functionCount, b.pclntab.textStart, b.textStart],
      ['macho', 'go1.27.3', 1440, 0, { addr: 0x100001000, source: 'moduledata' }],
    );
    assert.equal(b.buildInfo?.settings.GOOS, 'darwin');
  });

  it('fat Mach-O (32- and 64-bit headers): reads the arm64 slice', async () => {
    for (const wide of [false, true]) {
      const r = await scanBinary(fat(bin(MACHO), wide), 'fat');
      assert.deepEqual([r.errors, r.format, r.findings.map((f) => f.function)], [[], 'macho', ['main.big_stack']]);
    }
  });

  it('section-less ELF: pclntab by magic scan, build info by aligned scan', async () => {
    const b = Buffer.from(bin(ELF));
    b.writeBigUInt64LE(0n, 40);
    b.writeUInt16LE(0, 60);
    b.writeUInt16LE(0, 62);
    const g = open(b);
    assert.deepEqual([g.pclntab.foundBy, g.goVersion, g.textStart.addr], ['scan', 'go1.24.4', 0x11000]);
    assert.equal((await scanBinary(b, 'noshdr')).findings.length, 1);
  });
});

describe('binary reader: detector and crash lookup', () => {
  it('go1.24: the reproducer hazard, and the runtime assembly pairs only with all', async () => {
    const r = await scanBinary(bin(ELF), ELF);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.findings.map((f) => [
        f.function,
        f.module,
        f.moduleVersion,
        f.file,
        f.line,
        f.declLine,
        f.frameSize,
        f.leaf,
        f.preemptible,
        f.offsets,
        f.address,
        f.fileOffset,
        f.instructions,
        f.fixedByToolchain,
      ]),
      [
        [
          'main.big_stack',
          'example.com/reproducer',
          '(devel)',
          'example.com/reproducer/main.go',
          22,
          11,
          65552,
          true,
          true,
          [144, 148],
          0x78a90,
          0x68a90,
          SPLIT,
          false,
        ],
      ],
    );
    const all = await scanBinary(bin(ELF), ELF, { all: true });
    assert.deepEqual(
      all.findings.filter((f) => !f.preemptible).map((f) => [f.function, f.notPreemptible, f.frameSize]),
      [
        ['debugCall65536', 'assembly', 65552],
        ...[65536, 131072, 262144, 524288, 1048576, 2097152, 4194304, 8388608].map((n) => [`runtime.call${n}`, 'assembly', n + 16]),
      ],
    );
  });

  it('go1.27 Mach-O: only the leaf hazard and debugCall65536 remain', async () => {
    const all = await scanBinary(bin(MACHO), MACHO, { all: true });
    assert.deepEqual(
      all.findings.map((f) => [f.function, f.preemptible, f.offset, f.line]),
      [
        ['debugCall65536', false, 68, 1330],
        ['main.big_stack', true, 152, 22],
      ],
    );
  });

  it('locatePc: the crash pc is the second half of the split pair', async () => {
    const b = open(bin(ELF));
    const second = await locatePc(b, 'main.big_stack', 148);
    assert.ok(!('error' in second));
    assert.deepEqual(
      [second.line, second.instruction, second.frameSize, second.splitSecondHalfOf?.offset, second.splitFirstHalfOf],
      [22, 'add sp, sp, #0x10, lsl #12', 65552, 144, undefined],
    );
    const first = await locatePc(b, 'main.big_stack', 144);
    assert.ok(!('error' in first));
    assert.deepEqual([first.splitFirstHalfOf?.offset, first.splitSecondHalfOf], [144, undefined]);
    const ret = await locatePc(b, 'main.big_stack(...)', 152);
    assert.ok(!('error' in ret));
    assert.deepEqual([ret.instruction, ret.frameSize, ret.splitFirstHalfOf, ret.splitSecondHalfOf], ['ret', 0, undefined, undefined]);
    assert.deepEqual(await locatePc(b, 'main.nope', 0), { error: 'function main.nope is not in this binary' });
    assert.match(((await locatePc(b, 'main.big_stack', 4096)) as { error: string }).error, /outside main\.big_stack/);
  });

  it('leaf from the epilogue word', () => {
    assert.equal(leafFromEpilogue(0xa97ffbfd), false);
    assert.equal(leafFromEpilogue(0xf84107fe), false); // ldr x30, [sp], #16
    assert.equal(leafFromEpilogue(0x914043bd), true); // add x29, x29, #0x10, lsl #12
    assert.equal(leafFromEpilogue(undefined), true);
  });
});

describe('binary reader: bad input, one line each', () => {
  const reasons = async (bytes: Uint8Array) => (await scanBinary(bytes, 'x')).errors;
  it('names what is wrong', async () => {
    assert.deepEqual(await reasons(Buffer.from('#!/bin/sh\necho hi\n')), ['not an ELF or Mach-O file']);
    assert.deepEqual(await reasons(new Uint8Array(0)), ['not an ELF or Mach-O file (too short)']);
    const amd64 = Buffer.from(bin(ELF));
    amd64.writeUInt16LE(62, 18);
    assert.deepEqual(await reasons(amd64), ['Go binary for amd64: the split-epilogue hazard is arm64-only']);
    const notGo = Buffer.alloc(256);
    notGo.set([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
    notGo.writeUInt16LE(62, 18);
    assert.deepEqual(await reasons(notGo), ['not a Go arm64 binary: ELF file for amd64']);
    const elf32 = Buffer.from(bin(ELF));
    elf32[4] = 1;
    assert.match((await reasons(elf32))[0], /^a 32-bit ELF file/);
    const x86Mach = Buffer.from(bin(MACHO));
    x86Mach.writeUInt32LE(0x01000007, 4);
    assert.deepEqual(await reasons(x86Mach), ['Go binary for amd64: the split-epilogue hazard is arm64-only']);
  });

  it('old Go versions and missing pclntabs', async () => {
    const old = Buffer.from(bin(ELF));
    const at = old.indexOf('\xff Go buildinf:', 0, 'latin1') + 33; // the version string after its length byte
    old.write('go1.16.4', at, 'latin1');
    assert.deepEqual(await reasons(old), ['Go version go1.16.4 predates the pclntab formats supported (go1.18+)']);
    const packed = Buffer.from(bin(ELF));
    for (
      let i = packed.indexOf(Buffer.from([0xf1, 0xff, 0xff, 0xff, 0, 0, 4, 8]));
      i >= 0;
      i = packed.indexOf(Buffer.from([0xf1, 0xff, 0xff, 0xff, 0, 0, 4, 8]), i + 1)
    )
      packed[i] = 0;
    assert.deepEqual(await reasons(packed), ['no Go pclntab found (packed or obfuscated binary?)']);
  });

  it('truncated files', async () => {
    const whole = bin(ELF);
    assert.match((await reasons(whole.subarray(0, 40)))[0], /^truncated: /);
    for (const n of [1000, 100000, 400000, 800000]) {
      const r = await scanBinary(whole.subarray(0, n), 'cut');
      assert.equal(r.errors.length > 0 || r.findings.length === 0, true, `${n}`);
      assert.ok(r.errors.every((e) => !e.includes('\n')));
    }
  });
});

describe('binary reader: varints, pc-value tables, modinfo', () => {
  it('uvarint above 32 bits', () => {
    const out = [0];
    assert.equal(readUvarint(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), 0, 6, out), 6);
    assert.equal(out[0], 2 ** 35);
    assert.equal(readUvarint(Uint8Array.from([0xff, 0xff]), 0, 2, out), -1, 'runs off the end');
  });

  it('pc-value table: zig-zag deltas, quantum 4, end marker', () => {
    // +32 over 2 words, -32 (to 0) over 1 word... values: -1 + 33 = 32; then 32 + 16 = 48; then end.
    const table = Uint8Array.from([66, 2, 32, 1, 0]);
    assert.equal(pcValueAt(table, 0, table.length, 0x1000, 0x1000), 32);
    assert.equal(pcValueAt(table, 0, table.length, 0x1000, 0x1004), 32);
    assert.equal(pcValueAt(table, 0, table.length, 0x1000, 0x1008), 48);
    assert.equal(pcValueAt(table, 0, table.length, 0x1000, 0x100c), -1);
    assert.equal(pcValueAt(Uint8Array.from([3, 1]), 0, 2, 0, 0), -3, 'odd: negative delta');
  });

  it('modinfo: deps, replacements, quoted build keys', () => {
    const text = [
      'path\texample.com/app/cmd/x',
      'mod\texample.com/app\t(devel)\t',
      'dep\texample.com/dep\tv1.2.3\th1:abc=',
      '=>\t./dep\t(devel)\t',
      'dep\tgolang.org/x/sys\tv0.1.0\th1:def=',
      '=>\tgolang.org/x/sys\tv0.2.0\th1:ghi=',
      'build\t-ldflags="-s -w"',
      'build\t"key with space"="v=1"',
      'build\tGOOS=linux',
      '',
    ].join('\n');
    const bi = parseModInfo('go1.24.4', text);
    assert.deepEqual(bi, {
      goVersion: 'go1.24.4',
      path: 'example.com/app/cmd/x',
      main: { path: 'example.com/app', version: '(devel)' },
      deps: [
        { path: 'example.com/dep', version: 'v1.2.3', sum: 'h1:abc=', replace: { path: './dep', version: '(devel)' } },
        {
          path: 'golang.org/x/sys',
          version: 'v0.1.0',
          sum: 'h1:def=',
          replace: { path: 'golang.org/x/sys', version: 'v0.2.0', sum: 'h1:ghi=' },
        },
      ],
      settings: { '-ldflags': '-s -w', 'key with space': 'v=1', GOOS: 'linux' },
    });
  });
});
