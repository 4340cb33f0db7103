// Image metadata an attacker crafts: an OCI index whose descriptors point
// back at itself (bounded: an error, fast), and layers with 40k whiteouts or
// hard links (the merge stays linear).
import assert from 'node:assert/strict';
import { imagesOf, OCI_MAX_DESCRIPTORS } from '../../server/src/core/binary/targets/imageManifest';
import { type LayerEntry, mergeLayers } from '../../server/src/core/binary/targets/layers';

const file = (path: string): LayerEntry => ({ path, type: 'file', size: 1, candidate: false });

describe('hostile image metadata', function () {
  this.timeout(120000);
  it('an OCI index whose descriptors point back at itself is refused, not expanded without end', () => {
    const self = { manifests: Array.from({ length: 200 }, () => ({ digest: 'sha256:loop' })) };
    const docs = new Map([
      ['index.json', JSON.stringify({ manifests: [{ digest: 'sha256:loop' }] })],
      ['blobs/sha256/loop', JSON.stringify(self)],
    ]);
    const t0 = process.hrtime.bigint();
    const r = imagesOf(docs);
    assert.ok(Number(process.hrtime.bigint() - t0) / 1e6 < 1000);
    assert.deepEqual(r, { error: 'image archive: its OCI index refers back to itself or nests more than 4 levels deep: not read' });
  });

  it('an OCI index tree without cycles but with too many descriptors is refused', () => {
    // Four distinct levels of 30 descriptors each: 30^4 paths without a cycle.
    const docs = new Map<string, string>([['index.json', JSON.stringify({ manifests: [{ digest: 'sha256:l0' }] })]]);
    for (let level = 0; level < 4; level++)
      docs.set(
        `blobs/sha256/l${level}`,
        JSON.stringify({ manifests: Array.from({ length: 30 }, () => ({ digest: `sha256:l${level + 1}` })) }),
      );
    docs.set('blobs/sha256/l4', JSON.stringify({ layers: [{ digest: 'sha256:x' }] }));
    assert.deepEqual(imagesOf(docs), { error: `image archive: more than ${OCI_MAX_DESCRIPTORS} image descriptors: not read` });
  });

  it('whiteouts and hard links merge in linear time (the 40k case took 20 s)', () => {
    const layersOf = (n: number): LayerEntry[][] => {
      const base = Array.from({ length: n }, (_, i) => file(`d${i % 100}/f${i}`));
      const whiteouts = Array.from({ length: n }, (_, i) => file(`d${i % 100}/.wh.f${i}`));
      const links: LayerEntry[] = Array.from({ length: n }, (_, i) => ({
        path: `l/${i}`,
        type: 'hardlink',
        size: 0,
        candidate: false,
        linkTarget: `t/${i}`,
      }));
      return [base, whiteouts, [...links, ...Array.from({ length: n }, (_, i) => file(`t/${i}`))]];
    };
    /** Best of two: the machine running the tests may be busy. */
    const time = (n: number): number => {
      const layers = layersOf(n);
      let best = Infinity;
      for (let k = 0; k < 2; k++) {
        const t0 = process.hrtime.bigint();
        const fs = mergeLayers(layers);
        best = Math.min(best, Number(process.hrtime.bigint() - t0));
        assert.equal(fs.size, 2 * n);
        assert.equal(fs.get('l/7')?.dataPath, 't/7');
      }
      return best;
    };
    const small = time(5000),
      large = time(20000);
    // Four times the entries: about four times the work when linear, sixteen when quadratic.
    assert.ok(large / small < 9, `5k: ${small / 1e6} ms, 20k: ${large / 1e6} ms`);
  });
});
