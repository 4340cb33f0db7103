// The binary scan spells the split pair from its bits instead of running
// capstone: for every one of the 8,192 encodings of `add sp, sp, #imm` (shift
// clear and set) the text is capstone's, and isSplitPair accepts exactly the
// pairs capstone prints as two `add sp, sp, #…` with non-zero immediates.
import assert from 'node:assert/strict';
import { loadArm64Decoder } from '../../server/src/core/decode/decoder';
import { ADD_SP_HI, ADD_SP_LO, isSplitPair, pairPop, pairText, pairWordText } from '../../server/src/core/binary/pairText';

const le = (w: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, w >>> 0, true);
  return b;
};

describe('split pair text from the bits', () => {
  it('matches capstone for every add sp, sp, #imm12 (both shifts)', async () => {
    const decoder = await loadArm64Decoder();
    for (const base of [ADD_SP_LO, ADD_SP_HI]) {
      for (let imm = 0; imm < 4096; imm++) {
        const w = (base | (imm << 10)) >>> 0;
        const [d] = decoder.decode(le(w));
        assert.equal(pairWordText(w), d.text, `0x${w.toString(16)}`);
      }
    }
  });

  it('accepts both immediates non-zero only, and pops lo + hi * 4096', () => {
    const pair = (lo: number, hi: number): [number, number] => [ADD_SP_LO | (lo << 10), ADD_SP_HI | (hi << 10)];
    assert.deepEqual(pairText(...pair(0x40, 0x10)), ['add sp, sp, #0x40', 'add sp, sp, #0x10, lsl #12']);
    assert.equal(pairPop(...pair(0x40, 0x10)), 0x10040);
    assert.equal(isSplitPair(...pair(0x40, 0x10)), true);
    assert.equal(isSplitPair(...pair(0, 0x10)), false, 'mov sp, sp: one SP move');
    assert.equal(isSplitPair(...pair(0x40, 0)), false, '#0, lsl #12 does not move SP');
    assert.equal(isSplitPair(pair(0x40, 0x10)[1], pair(0x40, 0x10)[0]), false, 'hi then lo');
    assert.equal(isSplitPair((ADD_SP_LO & ~0x1f) | (1 << 10) | 1, pair(1, 1)[1]), false, 'writes x1');
    assert.equal(pairWordText(0xd65f03c0), undefined, 'ret');
  });
});
