import assert from 'node:assert/strict';
import { loadArm64Decoder } from '../../server/src/core/decode/decoder';
import { candidatePairs, detectFindings, unsafePointAt } from '../../server/src/core/listing/detector';
import type { FunctionListing } from '../../server/src/core/types';

const words = (...ws: number[]) => {
  const b = new Uint8Array(ws.length * 4);
  ws.forEach((w, i) => new DataView(b.buffer).setUint32(i * 4, w, true));
  return b;
};
const ADD_SP_LO = 0x910043ff; // add sp, sp, #0x10
const ADD_SP_HI = 0x914043ff; // add sp, sp, #0x10, lsl #12
const ADD_FP_LO = 0x910023fd; // add x29, sp, #8
const ADD_FP_HI = 0x914043bd; // add x29, x29, #0x10, lsl #12
const ADD_X1_HI = 0x91403fe1; // add x1, sp, #0xf, lsl #12 (writes x1: not a finding)
const RET = 0xd65f03c0;
const MOV_SP_R20 = 0x9100029f; // mov sp, x20 (one SP write)

function fn(code: Uint8Array, leaf: boolean): FunctionListing {
  return {
    symbol: 'main.f',
    packagePath: 'main',
    size: code.length,
    frameSize: 65552,
    argsSize: 8,
    leaf,
    file: '/m/main.go',
    declLine: 3,
    progs: [
      { offset: 0, file: '/m/main.go', line: 3, text: 'TEXT\tmain.f(SB), $65552-8' },
      { offset: 4, file: '/m/main.go', line: 7, text: 'PCDATA\t$0, $-1' },
      { offset: 4, file: '/m/main.go', line: 7, text: 'ADD\t$65544, RSP, R29' },
      { offset: 12, file: '/m/main.go', line: 7, text: 'ADD\t$65552, RSP' },
      { offset: 20, file: '/m/main.go', line: 7, text: 'RET\t(R30)' },
    ],
    code,
  };
}

describe('detector', () => {
  it('finds consecutive SP writes and split FP restores, nothing else', () => {
    const code = words(MOV_SP_R20, ADD_FP_LO, ADD_FP_HI, ADD_SP_LO, ADD_SP_HI, RET, ADD_X1_HI, ADD_X1_HI);
    assert.deepEqual(candidatePairs(code), [
      { kind: 'split-fp-restore', offset: 4 },
      { kind: 'split-sp-update', offset: 12 },
    ]);
  });

  it('does not pair an SP write with a non-SP instruction', () => {
    assert.deepEqual(candidatePairs(words(ADD_SP_LO, RET, ADD_SP_HI, RET)), []);
    assert.deepEqual(candidatePairs(words(ADD_X1_HI, ADD_SP_HI)), []);
  });

  it('decodes the pair with capstone and maps it to the return line', async () => {
    const decoder = await loadArm64Decoder();
    const code = words(MOV_SP_R20, ADD_FP_LO, ADD_FP_HI, ADD_SP_LO, ADD_SP_HI, RET);
    const [fp, sp] = detectFindings(fn(code, false), decoder);
    assert.deepEqual(sp.instructions, ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12']);
    assert.deepEqual(sp.offsets, [12, 16]);
    assert.equal(sp.line, 7);
    assert.equal(sp.pseudo, 'ADD $65552, RSP');
    assert.equal(sp.fixedByToolchain, true);
    assert.equal(fp.kind, 'split-fp-restore');
    assert.equal(fp.pseudo, 'ADD $65544, RSP, R29');
    assert.equal(fp.fixedByToolchain, false);
    assert.equal(detectFindings(fn(code, true), decoder)[1].fixedByToolchain, false, 'leaf: no toolchain fixes it');
  });

  it('applies the runtime preemptibility rule: no SP finding at an unsafe point or in runtime/reflect code', async () => {
    const decoder = await loadArm64Decoder();
    const code = words(MOV_SP_R20, ADD_FP_LO, ADD_FP_HI, ADD_SP_LO, ADD_SP_HI, RET);
    const unsafe = fn(code, true);
    unsafe.progs.splice(3, 0, { offset: 12, file: '/m/main.go', line: 7, text: 'PCDATA\t$0, $-2' });
    assert.equal(unsafePointAt(unsafe.progs, 16), -2);
    assert.equal(unsafePointAt(unsafe.progs, 8), -1);
    assert.deepEqual(
      detectFindings(unsafe, decoder).map((f) => f.kind),
      ['split-fp-restore'],
    );
    for (const symbol of ['runtime.f', 'internal/runtime/maps.f', 'reflect.f', 'runtime/internal/atomic.f']) {
      assert.deepEqual(
        detectFindings({ ...fn(code, true), symbol }, decoder).map((f) => f.kind),
        ['split-fp-restore'],
        symbol,
      );
    }
    // An unsafe region that ended before the pair does not hide it; a restart point (-3) is not unsafe.
    const ended = fn(code, true);
    ended.progs.splice(1, 0, { offset: 0, file: '/m/main.go', line: 3, text: 'PCDATA\t$0, $-2' });
    ended.progs.splice(4, 0, { offset: 12, file: '/m/main.go', line: 7, text: 'PCDATA\t$0, $-3' });
    assert.deepEqual(
      detectFindings(ended, decoder).map((f) => f.kind),
      ['split-fp-restore', 'split-sp-update'],
    );
  });
});

describe('decoder', () => {
  it('shows undecodable words (padding, data) as .word and goes on', async () => {
    const decoder = await loadArm64Decoder();
    const out = decoder.decode(words(RET, 0, 0, ADD_SP_LO), 0x10);
    assert.deepEqual(
      out.map((d) => [d.offset, d.text]),
      [
        [0x10, 'ret'],
        [0x14, '.word 0x00000000'],
        [0x18, '.word 0x00000000'],
        [0x1c, 'add sp, sp, #0x10'],
      ],
    );
  });
});
