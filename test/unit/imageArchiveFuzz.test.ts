// Fuzzing the image archive reader and the sniffer with fast-check: random
// bytes and mutated (bytes flipped, truncated) docker-save archives must end
// in a result or a plain rejection, never an uncaught exception or a hang;
// scanTargets turns any rejection into one line.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { readImageArchive } from '../../server/src/core/binary/targets/imageArchive';
import { scanTargets } from '../../server/src/core/binary/targets/scanTargets';
import { sniffExecutable } from '../../server/src/core/binary/targets/sniff';
import { writeDockerSave } from '../support/imageArchives';

describe('image archive reader: fuzz', function () {
  this.timeout(120000);
  let dir: string;
  let valid: Buffer;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pg-imgfuzz-'));
    const f = path.join(dir, 'valid.tar');
    const elf = Buffer.alloc(2048);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
    elf[16] = 2;
    elf[18] = 0xb7;
    elf.write('\xff Go buildinf:', 600, 'latin1');
    await writeDockerSave(f, [
      { 'bin/a': elf, 'etc/x': 'x' },
      { 'bin/.wh.a': '', 'bin/b': elf },
    ]);
    valid = readFileSync(f);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);
  beforeEach(() => {
    uncaught.length = 0;
    process.on('uncaughtException', onUncaught);
  });
  afterEach(() => {
    process.off('uncaughtException', onUncaught);
    assert.deepEqual(uncaught, []);
  });

  async function survive(bytes: Uint8Array): Promise<void> {
    const f = path.join(dir, 'case.tar');
    writeFileSync(f, bytes);
    await readImageArchive(f, { maxBinaryBytes: 1 << 20, onBinary: async () => undefined, onError: () => undefined }).catch((e: unknown) =>
      assert.ok(e instanceof Error),
    );
  }

  it('mutated and truncated archives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 40 }), fc.nat(), async (flips, cut) => {
        const b = Buffer.from(valid);
        for (const [i, v] of flips) b[i % b.length] = v;
        await survive(b.subarray(0, cut % (b.length + 1)));
      }),
      { numRuns: 150 },
    );
  });

  it('random bytes, with a tar or gzip head', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom('none', 'tar', 'gzip'), async (bytes, head) => {
        const b = Buffer.concat([Buffer.from(bytes), Buffer.alloc(600)]);
        if (head === 'tar') b.write('ustar', 257);
        if (head === 'gzip') {
          b[0] = 0x1f;
          b[1] = 0x8b;
        }
        await survive(b);
        assert.ok(['arm64', 'other-arch', 'not-executable'].includes(sniffExecutable(b)));
      }),
      { numRuns: 150 },
    );
  });

  it('scanTargets never throws on a broken archive: one line instead', async () => {
    const f = path.join(dir, 'broken.tar');
    const b = Buffer.from(valid);
    b.fill(0xff, 1024, 1536);
    writeFileSync(f, b.subarray(0, 3000));
    const r = await scanTargets([f]);
    assert.equal(r.binaries.length + r.errors.length >= 1, true);
  });
});
