// The directory walk stays inside the scanned root: absolute links resolve
// inside it (as in an image), `..` stops at it, kernel pseudo-files and
// FIFOs are never opened; a file reached through a link is reported once,
// under its real path, with the link noted; and a cut copy of a binary is a
// truncation error, not a skipped file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanTargets } from '../../server/src/core/binary/targets/scanTargets';
import { walkFiles, type WalkFile } from '../../server/src/core/binary/targets/walk';
import { FIXTURES } from '../support/paths';

const APP = path.join(FIXTURES, 'binaries', 'reproducer-go1.24-linux-arm64-stripped');

async function walk(root: string): Promise<{ files: WalkFile[]; errors: string[] }> {
  const files: WalkFile[] = [],
    errors: string[] = [];
  for await (const f of walkFiles(root, (m) => errors.push(m))) files.push(f);
  return { files, errors };
}

describe('directory walk: inside the roots', function () {
  this.timeout(120000);
  let tmp = '',
    root = '';
  before(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pg-walk-'));
    root = path.join(tmp, 'rootfs');
    for (const d of ['a', 'usr/bin', 'z']) mkdirSync(path.join(root, d), { recursive: true });
    copyFileSync(APP, path.join(root, 'z', 'app'));
    writeFileSync(path.join(root, 'usr', 'bin', 'tool'), 'text');
    writeFileSync(path.join(tmp, 'outside'), 'outside the root');
    symlinkSync('../z/app', path.join(root, 'a', 'link')); // relative, a second alias
    symlinkSync('/z/app', path.join(root, 'a', 'abs')); // absolute: resolved inside the root, reached first
    symlinkSync('/usr', path.join(root, 'hostusr')); // the rootfs' /usr, not the host's
    symlinkSync('../../../../../../outside', path.join(root, 'up')); // `..` stops at the root
    symlinkSync('/proc/self/status', path.join(root, 'proc-link'));
    symlinkSync('/proc', path.join(root, 'proc-dir'));
    execFileSync('mkfifo', [path.join(root, 'a', 'fifo')]);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('resolves links inside the root, reports the real file once with the link, opens no FIFO or host file', async () => {
    const { files, errors } = await walk(root);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      files.map((f) => [path.relative(root, f.path), f.linkedFrom ? path.relative(root, f.linkedFrom) : undefined]),
      [
        ['z/app', 'a/abs'],
        ['usr/bin/tool', undefined],
      ],
    );
  });

  it('scanTargets: the binary under its real path with the link noted; a cut copy is a truncation error', async () => {
    const bytes = readFileSync(APP);
    writeFileSync(path.join(root, 'usr', 'bin', 'cut'), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    try {
      const r = await scanTargets([root]);
      assert.deepEqual(
        r.binaries.map((b) => [
          path.relative(root, b.path),
          b.linkedFrom && path.relative(root, b.linkedFrom),
          b.findings.length,
          b.errors,
        ]),
        [
          ['z/app', 'a/abs', 1, []],
          [
            'usr/bin/cut',
            undefined,
            0,
            [
              `truncated: ELF segment 3 needs 998400 bytes, the file has ${Math.floor(bytes.length * 0.6)} bytes (cut short: an interrupted download or copy?)`,
            ],
          ],
        ],
      );
    } finally {
      rmSync(path.join(root, 'usr', 'bin', 'cut'));
    }
  });
});
