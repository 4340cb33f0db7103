// Inputs = outputs: every path scan-binary prints for a binary inside an
// image archive (`image.tar:/usr/bin/app`) is accepted back as input and
// selects that one binary, with the same report.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scanTargets } from '../../server/src/core/binary/targets/scanTargets';
import { writeDockerSave, writeOciLayout } from '../support/imageArchives';
import { FIXTURES } from '../support/paths';

const ELF = readFileSync(path.join(FIXTURES, 'binaries', 'reproducer-go1.24-linux-arm64-stripped'));
const MACHO = readFileSync(path.join(FIXTURES, 'binaries', 'reproducer-go1.27-darwin-arm64-stripped'));

describe('image archive paths read back as inputs', function () {
  this.timeout(120000);
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pg-member-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const kind of ['docker save', 'OCI layout'] as const) {
    it(`${kind}: each printed path selects exactly that binary`, async () => {
      const file = path.join(dir, kind === 'docker save' ? 'docker.tar' : 'oci.tar');
      const layers = [{ 'usr/bin/app': ELF, 'opt/tool': MACHO, 'etc/motd': 'hi\n' }];
      if (kind === 'docker save') await writeDockerSave(file, layers);
      else await writeOciLayout(file, layers);
      const all = await scanTargets([file]);
      assert.deepEqual(
        all.binaries.map((b) => b.path),
        [`${file}:/opt/tool`, `${file}:/usr/bin/app`],
      );
      for (const b of all.binaries) {
        const one = await scanTargets([b.path]);
        assert.deepEqual(one.errors, []);
        assert.deepEqual(one.binaries, [b]);
      }
      const missing = await scanTargets([`${file}:/usr/bin/nothing`]);
      assert.deepEqual(
        missing.binaries.map((b) => [b.path, b.errors]),
        [[`${file}:/usr/bin/nothing`, ["no arm64 executable at /usr/bin/nothing in this image's final filesystem"]]],
      );
    });
  }
});
