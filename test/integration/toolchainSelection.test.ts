// The toolchain that compiles is the one the user's environment selects
// (GOTOOLCHAIN), and the report names it; with GOTOOLCHAIN=local a higher
// go.mod `toolchain` line is reported as requested-but-not-used.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeModule } from '../../server/src/core/listing/analyze';
import { FIXTURES, goBinary, testEnv } from '../support/paths';
import { installedToolchain } from '../support/toolchains';

describe('toolchain selection', function () {
  this.timeout(180000);
  let dir: string;
  let bin: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pg-switch-'));
    cpSync(path.join(FIXTURES, 'workspace', 'api'), path.join(dir, 'mod'), { recursive: true });
    writeFileSync(
      path.join(dir, 'mod', 'go.mod'),
      `module example.com/api\n\ngo 1.22\n\ntoolchain ${installedToolchain('1.26').version}\n`,
    );
    bin = path.join(dir, 'bin');
    mkdirSync(bin);
    // GOTOOLCHAIN=path: go looks for a binary named like the requested version on PATH, offline.
    symlinkSync(goBinary('1.26'), path.join(bin, installedToolchain('1.26').version));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('GOTOOLCHAIN=path: go.mod switches go1.24 to the installed go1.26, which compiles and is named', async () => {
    const env = testEnv({ GOTOOLCHAIN: 'path', PATH: `${bin}${path.delimiter}${process.env.PATH}` });
    const r = await analyzeModule({ dir: path.join(dir, 'mod'), go: goBinary('1.24'), env });
    assert.equal(r.toolchain.version, installedToolchain('1.26').version);
    assert.equal(r.toolchain.path, goBinary('1.24'), 'the go that was run');
    assert.equal(r.toolchain.nonLeafFixed, true);
    assert.equal(r.toolchain.requested, undefined);
    assert.deepEqual(r.findings, [], 'the non-leaf epilogue is atomic with go1.26');
  });

  it("GOTOOLCHAIN=local: go1.24 compiles and go.mod's go1.26 is reported as requested", async () => {
    const r = await analyzeModule({ dir: path.join(dir, 'mod'), go: goBinary('1.24'), env: testEnv() });
    assert.equal(r.toolchain.version, installedToolchain('1.24').version);
    assert.equal(r.toolchain.requested, installedToolchain('1.26').version);
    assert.deepEqual(
      r.findings.map((f) => [f.function, f.leaf, f.fixedByToolchain]),
      [['example.com/api.Handle', false, true]],
    );
  });

  it('GOOS=darwin builds for darwin/arm64 (Apple Silicon) and finds the same leaf epilogue', async () => {
    const r = await analyzeModule({
      dir: path.join(FIXTURES, 'workspace', 'worker'),
      go: goBinary('1.26'),
      goos: 'darwin',
      env: testEnv(),
    });
    assert.equal(r.toolchain.goos, 'darwin');
    assert.deepEqual(
      r.findings.filter((f) => f.kind === 'split-sp-update').map((f) => [f.function, f.line, f.instructions]),
      [['example.com/worker.Crunch', 8, ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12']]],
    );
  });
});
