// `preemptGuard/triage` and the reproducer's `godebug` over LSP (the bundled
// server, real go1.26): a crash log against its -trimpath binary is confirmed
// even in an untrusted workspace (the binary is only read); against the module
// it builds with the module's settings when trusted and refuses when not; a
// saved scan-binary result is read like the binary; a target outside the union is refused; a malformed GODEBUG for a
// reproducer run is refused with one line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TriageView } from '../../server/src/core/triage/triage';
import { buildFixtureBinary, fastModule } from '../support/goBinaries';
import { LspTestClient, REPO } from '../support/lspClient';
import { FIXTURES, goBinary, testEnv } from '../support/paths';

const LOG = readFileSync(path.join(FIXTURES, 'crash-logs', 'go1.26.10-leaf-traceback-did-not-unwind-1.txt'), 'utf8');

async function server(trusted: boolean): Promise<LspTestClient> {
  const dir = fastModule();
  const { client } = await LspTestClient.start({
    rootDir: dir,
    env: testEnv(),
    initializationOptions: { trusted },
    settings: () => ({ goPath: goBinary('1.26'), analyzeOnOpen: false }),
  });
  return client;
}

describe('preemptGuard/triage over LSP (real go1.26)', function () {
  this.timeout(300_000);
  const clients: LspTestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.stop();
  });

  it('untrusted: the binary is read and the crash confirmed; the module is refused (it would build)', async function () {
    const bin = await buildFixtureBinary({ minor: '1.26', module: fastModule(), shape: 'trimpath' });
    const c = await server(false);
    clients.push(c);
    const v = await c.request<TriageView>('preemptGuard/triage', { text: LOG, source: 'clipboard', target: { kind: 'binary', path: bin } });
    assert.equal(v.crashes.length, 1);
    assert.equal(v.crashes[0].verdict, 'confirmed', v.crashes[0].explanation);
    assert.equal(v.crashes[0].epilogue?.file, 'preemptguard.local/repro/main.go');
    // The evidence, the architecture and the partial marker travel with the verdict.
    assert.equal(v.crashes[0].partial, false);
    assert.equal(v.crashes[0].arch, 'arm64');
    assert.deepEqual(
      v.crashes[0].evidence.map((e) => e.kind),
      ['signature', 'architecture', 'go-version', 'goroutine', 'frame'],
    );
    const cut = LOG.slice(LOG.indexOf('runtime stack:'));
    const p = await c.request<TriageView>('preemptGuard/triage', { text: cut, target: { kind: 'binary', path: bin } });
    assert.equal(p.crashes[0].partial, true);
    assert.equal(p.crashes[0].verdict, 'confirmed', p.crashes[0].explanation);
    assert.ok(p.crashes[0].evidence.some((e) => e.kind === 'missing'));
    assert.deepEqual(
      v.crashes[0].window.filter((w) => w.role === 'preempted').map((w) => [w.offset, w.instruction]),
      [[0x70, 'add sp, sp, #0x10, lsl #12']],
    );
    await assert.rejects(
      c.request('preemptGuard/triage', { text: LOG, target: { kind: 'module', path: fastModule() } }),
      /not trusted: checking against a module builds it/,
    );
    await assert.rejects(
      c.request('preemptGuard/triage', { text: LOG, target: { kind: 'binary', path: path.join(fastModule(), 'main.go') } }),
      /main\.go: not an ELF or Mach-O file/,
    );
  });

  it('trusted: the module is built with its settings (goPath go1.26) and the crash confirmed', async function () {
    const c = await server(true);
    clients.push(c);
    const v = await c.request<TriageView>('preemptGuard/triage', {
      text: LOG,
      source: 'log',
      target: { kind: 'module', path: fastModule() },
    });
    assert.equal(v.crashes[0].verdict, 'confirmed', v.crashes[0].explanation);
    assert.equal(v.checkedAgainst?.kind, 'module');
    assert.deepEqual(
      v.crashes[0].window.filter((w) => w.role).map((w) => [w.offset, w.role]),
      [
        [0x6c, 'first-half'],
        [0x70, 'preempted'],
      ],
    );
  });

  it("untrusted: a saved scan-binary result (the CLI's JSON) confirms the crash; a wrong file is one line", async function () {
    const bin = await buildFixtureBinary({ minor: '1.26', module: fastModule(), shape: 'trimpath' });
    const scan = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'scan-binary', '--format', 'json', bin], {
      encoding: 'utf8',
    });
    assert.equal(scan.status, 1, scan.stderr);
    const scanFile = path.join(fastModule(), '..', 'scan-binary.json');
    writeFileSync(scanFile, scan.stdout);
    const c = await server(false);
    clients.push(c);
    const v = await c.request<TriageView>('preemptGuard/triage', {
      text: LOG,
      source: 'clipboard',
      target: { kind: 'scan', path: scanFile },
    });
    assert.deepEqual(v.checkedAgainst, { kind: 'scan', path: scanFile });
    assert.equal(v.crashes[0].verdict, 'confirmed', v.crashes[0].explanation);
    assert.deepEqual(v.crashes[0].epilogue?.offsets, [0x6c, 0x70]);
    await assert.rejects(
      c.request('preemptGuard/triage', { text: LOG, target: { kind: 'scan', path: path.join(fastModule(), 'go.mod') } }),
      /go\.mod: not JSON/,
    );
    await assert.rejects(
      c.request('preemptGuard/triage', { text: LOG, target: { kind: 'image', path: scanFile } }),
      /`kind` must be one of "binary", "module", "scan"/,
    );
  });

  it('the reproducer refuses a malformed GODEBUG', async function () {
    const c = await server(true);
    clients.push(c);
    await assert.rejects(
      c.request('preemptGuard/repro/start', { variant: 'fast', budgetSeconds: 5, godebug: 'asyncpreemptoff 1; rm -rf' }),
      /godebug must be NAME=VALUE\[,NAME=VALUE\] \(e\.g\. asyncpreemptoff=1\)/,
    );
  });
});
