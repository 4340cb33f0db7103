// The preemptGuard/scanBinary request over a real stdio connection: a
// -trimpath go1.24 build of test-fixtures/e2e-demo, scanned from a workspace
// holding that module, maps each finding to the module's main.go, also in an
// untrusted workspace (reading a binary runs nothing).
import assert from 'node:assert/strict';
import path from 'node:path';
import type { ScanBinaryResult } from '../../shared/protocol';
import { buildFixtureBinary } from '../support/goBinaries';
import { serverSessions } from '../support/lspFixtures';

describe('LSP preemptGuard/scanBinary', function () {
  this.timeout(300000);
  const { start } = serverSessions();

  for (const trusted of [true, false]) {
    it(`maps -trimpath findings to the open module's files (${trusted ? 'trusted' : 'untrusted'} workspace)`, async () => {
      const bin = await buildFixtureBinary({ minor: '1.24', module: 'e2e-demo', shape: 'trimpath' });
      const { dir, client } = await start('e2e-demo', { initializationOptions: { trusted } });
      const r = (await client.request('preemptGuard/scanBinary', { path: bin })) as ScanBinaryResult;
      assert.equal(r.binaries.length, 1);
      const b = r.binaries[0];
      assert.deepEqual(
        { goVersion: b.goVersion, mainModule: b.mainModule, errors: b.errors },
        { goVersion: 'go1.24.4', mainModule: 'example.com/e2edemo', errors: [] },
      );
      assert.deepEqual(
        b.findings.map((f) => `${f.function} ${f.localFile && path.relative(dir, f.localFile)}:${f.line} ${f.leaf ? 'leaf' : 'non-leaf'}`),
        ['main.checksum main.go:17 leaf', 'main.fill main.go:31 non-leaf', 'main.fill main.go:35 non-leaf'],
      );
      assert.match(
        b.findings[0].message,
        /^main\.checksum: this return pops the 131088-byte frame .*change the code.*Found in .* \(built with go1\.24\.4\)\.$/,
      );
      assert.match(r.report, /^ {2}main\.go:17: split-sp-update: main\.checksum/m);
    });
  }

  it("the server builds the diagnostics, with the file's preemptGuard.severity (error, hint)", async () => {
    const bin = await buildFixtureBinary({ minor: '1.24', module: 'e2e-demo', shape: 'trimpath' });
    for (const [severity, lsp] of [
      ['error', 1],
      ['hint', 4],
    ] as const) {
      const { dir, client } = await start('e2e-demo', { settings: (_uri, section) => (section === 'preemptGuard' ? { severity } : {}) });
      const r = (await client.request('preemptGuard/scanBinary', { path: bin })) as ScanBinaryResult;
      assert.deepEqual(
        r.diagnostics.flatMap((d) =>
          d.diagnostics.map(
            (x) => `${path.relative(dir, new URL(d.uri).pathname)}:${x.range.start.line + 1} ${x.severity} ${x.source} ${x.code}`,
          ),
        ),
        [17, 31, 35].map((l) => `main.go:${l} ${lsp} preempt-guard (binary) split-sp-update`),
        severity,
      );
      assert.equal(r.diagnostics[0].diagnostics[0].message, r.binaries[0].findings[0].message);
    }
  });

  it('bad input comes back as a one-line error, not a failed request', async () => {
    const { dir, client } = await start('e2e-demo');
    const r = (await client.request('preemptGuard/scanBinary', { path: path.join(dir, 'main.go') })) as ScanBinaryResult;
    assert.deepEqual(
      r.binaries.map((b) => b.errors.length),
      [1],
    );
    assert.match(r.binaries[0].errors[0], /not an ELF or Mach-O file/);
  });
});
