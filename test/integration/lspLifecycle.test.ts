// Protocol tests: trust, cancellation under rapid saves (one build left, no
// orphans), failed builds, the GOTOOLCHAIN switch, go.work modules,
// dependencies. Real server, real toolchains, real processes.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { descendants } from '../../server/src/core/util/processTree';
import { pollUntil } from '../support/poll';
import { processesWithEnv } from '../support/processes';
import { LspTestClient, goBinary, messageText, toolchainsDir, uriOf } from '../support/lspClient';
import { copyFixture, serverEnv, serverSessions } from '../support/lspFixtures';
import { installedToolchain } from '../support/toolchains';

describe('lsp: trust, cancellation, failures, toolchain switch, workspaces (real server over stdio)', function () {
  this.timeout(600_000);
  const { start, onCleanup } = serverSessions({ settings: () => ({ goPath: goBinary('1.24') }) });

  it('untrusted: nothing is built (no analysing state, no go started); trusting later analyses', async () => {
    const { dir, client } = await start('e2e-demo', { initializationOptions: { trusted: false } });
    await client.open(path.join(dir, 'main.go'));
    await client.waitFor('untrusted status', () => client.status(dir)?.state === 'untrusted');
    // A scan request is refused the same way.
    const scan = await client.request<{ modules: { state: string; message?: string }[] }>('preemptGuard/scan', { uri: uriOf(dir) });
    assert.deepEqual(
      scan.modules.map((m) => m.state),
      ['untrusted'],
    );
    assert.match(scan.modules[0].message ?? '', /^Workspace not trusted: Preempt Guard builds and runs nothing here/);
    assert.equal(
      client.statuses.some((s) => s.modules.some((m) => m.state === 'analysing')),
      false,
    );
    assert.equal(client.logCount(/^analysis #\d+ .* started/), 0);
    assert.deepEqual(client.progressCreated, []);
    assert.equal(client.diagnostics.size, 0);

    await client.notify('preemptGuard/trust', { trusted: true });
    const st = await client.waitForResult(dir, client.statuses.length);
    assert.deepEqual([st.state, st.findings, st.toolchain?.version], ['affected', 4, installedToolchain('1.24').version]);
    assert.equal(client.diagnosticsOf(path.join(dir, 'main.go')).length, 3, 'one per split return');
  });

  it('registers once: one watcher set (go.mod, go.work, .go), no didChangeConfiguration (the client sends those by itself)', async () => {
    const { client } = await start('e2e-demo');
    await client.waitFor('the watcher registration', () => client.registrations.length > 0);
    // A request after initialized: registrations made at initialized have reached us by its answer.
    await client.request('preemptGuard/listFunctions', {});
    assert.deepEqual(client.registrations, [
      {
        method: 'workspace/didChangeWatchedFiles',
        registerOptions: { watchers: [{ globPattern: '**/go.mod' }, { globPattern: '**/go.work' }, { globPattern: '**/*.go' }] },
      },
    ]);
  });

  it('ten saves, rapid and during builds: every older build is cancelled, exactly one completes, no orphan processes', async () => {
    // A cold build cache makes each build take long enough to be interrupted.
    const cache = mkdtempSync(path.join(tmpdir(), 'pg-lsp-gocache-'));
    onCleanup(() => rmSync(cache, { recursive: true, force: true }));
    const { dir, client } = await start('e2e-demo', { env: serverEnv({ GOCACHE: cache }) });
    const main = path.join(dir, 'main.go');
    const started = () => client.logCount(/^analysis #\d+ of .* started/);
    await client.open(main);
    await client.waitFor('first build started', () => started() === 1);
    // Five saves back to back: the build in flight is cancelled, the burst is debounced into one build.
    for (let i = 0; i < 5; i++) await client.save(main);
    await client.waitFor('second build started', () => started() === 2);
    // Five more, each while a build runs: each cancels it and starts the next.
    for (let i = 0; i < 5; i++) {
      const n = started();
      await client.save(main);
      await client.waitFor(`build ${n + 1} started`, () => started() === n + 1);
    }
    const st = await client.waitForResult(dir);
    assert.deepEqual([st.state, st.findings], ['affected', 4]);
    await client.request('preemptGuard/scan', { uri: uriOf(main) }).then(
      () => undefined,
      () => undefined,
    );
    const finished = client.logs.filter((l) => /^analysis #\d+ of .* finished/.test(l.message)).map((l) => l.message);
    const cancelled = client.logCount(/^analysis #\d+ of .* cancelled$/);
    // The scan above ran one more (complete) build; before it exactly one had completed.
    assert.equal(started(), 8, client.logs.map((l) => l.message).join('\n'));
    assert.equal(cancelled, 6);
    assert.equal(finished.length, 2);
    assert.equal(client.statuses.filter((s) => s.modules[0].state === 'affected').length, 2);
    assert.ok(finished.every((m) => m.includes(`${installedToolchain('1.24').version}, 4 finding(s)`)));
    // No go/compile/asm/link left behind: not under the server, not re-parented anywhere.
    await pollUntil('no child processes of the server', () => descendants(client.proc.pid!).length === 0);
    const server = client.proc.pid!;
    await pollUntil(
      'no process but the server with our GOCACHE',
      () => processesWithEnv(`GOCACHE=${cache}`).filter((p) => p !== server).length === 0,
    );
    // And the check can see them: the server itself carries the marker.
    assert.deepEqual(processesWithEnv(`GOCACHE=${cache}`), [server]);
  });

  it('analyzeOnOpen/analyzeOnSave off: opening and saving build nothing; a scan request still does', async () => {
    // Two folders: `off` with both settings off, `on` with defaults. Events for `off` go first on the same
    // stream; a build of `off` would start (after the same debounce) before `on` finishes its own.
    const off = copyFixture('e2e-demo');
    const on = copyFixture('frames');
    onCleanup(off.cleanup, on.cleanup);
    const { client } = await LspTestClient.start({
      rootDir: off.dir,
      workspaceFolders: [off.dir, on.dir],
      env: serverEnv(),
      settings: (scope) =>
        scope === uriOf(off.dir) ? { goPath: goBinary('1.24'), analyzeOnOpen: false, analyzeOnSave: false } : { goPath: goBinary('1.24') },
    });
    onCleanup(() => client.stop());
    const main = path.join(off.dir, 'main.go');
    const leaf = path.join(on.dir, 'leaf.go');
    await client.open(main);
    await client.open(leaf);
    await client.waitForResult(on.dir);
    const since = client.statuses.length;
    await client.save(main);
    await client.save(leaf);
    await client.waitForResult(on.dir, since);
    assert.equal(
      client.statuses.some((s) => s.modules.some((m) => m.moduleRoot === off.dir && m.state !== 'idle')),
      false,
    );
    assert.equal(client.logCount(new RegExp(`^analysis #\\d+ of ${off.dir} started`)), 0);
    const scan = await client.request<{ modules: { state: string }[] }>('preemptGuard/scan', { uri: uriOf(main) });
    assert.deepEqual(
      scan.modules.map((m) => m.state),
      ['affected'],
    );
    assert.equal(client.diagnosticsOf(main).length, 3, 'one per split return');
  });

  it("cancel from the client's progress UI stops the build (window/workDoneProgress/cancel)", async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'pg-lsp-gocache-'));
    onCleanup(() => rmSync(cache, { recursive: true, force: true }));
    const { dir, client } = await start('e2e-demo', { env: serverEnv({ GOCACHE: cache }) });
    await client.open(path.join(dir, 'main.go'));
    await client.waitFor('progress begin', () => client.progress.some((p) => p.value.kind === 'begin'));
    const token = client.progress.find((p) => p.value.kind === 'begin')!.token;
    await client.notify('window/workDoneProgress/cancel', { token });
    await client.waitFor('cancelled', () => client.logCount(/^analysis #1 of .* cancelled$/) === 1);
    await client.waitFor('idle status', () => client.status(dir)?.state === 'idle');
    assert.equal(client.status(dir)?.message, 'analysis cancelled');
    assert.equal(client.logCount(/finished/), 0);
    await pollUntil('no child processes of the server', () => descendants(client.proc.pid!).length === 0);
  });

  it('a failed build is visible (status failed, log) and findings of the packages that compiled still show', async () => {
    const { dir, client } = await start('brokenpkg');
    const ok = path.join(dir, 'ok', 'ok.go');
    await client.open(ok);
    const st = await client.waitForResult(dir);
    assert.equal(st.state, 'failed');
    assert.match(
      st.message ?? '',
      /^go build failed: .*broken\.go:5:\d+: undefined: undefinedName; findings of the packages that compiled are shown$/,
    );
    assert.equal(st.findings, 2);
    assert.ok(
      client.logs.some((l) => l.type === 2 && l.message.startsWith(`go build failed in ${dir} (${installedToolchain('1.24').version}):`)),
      client.logs.map((l) => l.message).join('\n'),
    );
    assert.deepEqual(
      client
        .diagnosticsOf(ok)
        .map((d) => `${d.range.start.line} ${d.code}`)
        .sort(),
      ['7 split-sp-update'],
    );
    // The compile error itself is gopls's business: no diagnostic on broken.go.
    assert.deepEqual(client.diagnosticsOf(path.join(dir, 'broken', 'broken.go')), []);
  });

  it('GOTOOLCHAIN=path: go.mod asks for the installed go1.26, the configured go1.24 switches to it; the non-leaf finding disappears', async () => {
    const fx = copyFixture('e2e-demo');
    onCleanup(fx.cleanup);
    const gomod = path.join(fx.dir, 'go.mod');
    writeFileSync(gomod, `module example.com/e2edemo\n\ngo 1.24\n\ntoolchain ${installedToolchain('1.26').version}\n`);
    const bin = path.join(path.dirname(fx.dir), 'bin');
    mkdirSync(bin);
    symlinkSync(path.join(toolchainsDir(), 'go1.26', 'bin', 'go'), path.join(bin, installedToolchain('1.26').version));
    const { client } = await LspTestClient.start({
      rootDir: fx.dir,
      env: serverEnv({ GOTOOLCHAIN: 'path', PATH: `${bin}${path.delimiter}${process.env.PATH}` }),
      settings: () => ({ goPath: goBinary('1.24') }),
    });
    onCleanup(() => client.stop());
    const main = path.join(fx.dir, 'main.go');
    await client.open(main);
    const st = await client.waitForResult(fx.dir);
    assert.equal(st.toolchain?.version, installedToolchain('1.26').version);
    assert.equal(st.toolchain?.path, goBinary('1.24'));
    assert.equal(st.toolchain?.requested, undefined);
    assert.deepEqual([st.findings, st.leafFindings], [2, 2]);
    assert.deepEqual(
      client
        .diagnosticsOf(main)
        .map((d) => d.range.start.line)
        .sort((a, b) => a - b),
      [16],
    );
    assert.deepEqual(client.diagnosticsOf(gomod), []);
  });

  it('go.work: one analysis per module, each module its own status and diagnostics', async () => {
    const { dir, client } = await start('workspace');
    const api = path.join(dir, 'api');
    const worker = path.join(dir, 'worker');
    const scan = await client.request<{ modules: { moduleRoot: string; state: string; findings: number; leafFindings: number }[] }>(
      'preemptGuard/scan',
      {},
    );
    assert.deepEqual(scan.modules.map((m) => [m.moduleRoot, m.state, m.findings, m.leafFindings]).sort(), [
      [api, 'affected', 1, 0],
      [worker, 'affected', 2, 2],
    ]);
    assert.equal(client.logCount(/^analysis #\d+ of .* started/), 2);
    assert.deepEqual(
      client.diagnosticsOf(path.join(api, 'api.go')).map((d) => `${d.range.start.line} ${d.code}`),
      ['11 split-sp-update'],
    );
    assert.deepEqual(
      client.diagnosticsOf(path.join(worker, 'worker.go')).map((d) => `${d.range.start.line} ${d.code}`),
      ['7 split-sp-update'],
    );
    // Saving go.work re-analyses both modules.
    const n = client.logCount(/started/);
    await client.watchedChange(path.join(dir, 'go.work'));
    await client.waitFor('both re-analysed', () => client.logCount(/^analysis #\d+ of .* finished/) === 4);
    assert.equal(client.logCount(/started/), n + 2);
  });

  it("scanDependencies: a dependency's findings go to its own file, summarised in the status", async () => {
    // test-fixtures/lsp-deps: app requires example.com/lib, replaced by ../lib.
    const fx = copyFixture('lsp-deps');
    onCleanup(fx.cleanup);
    const app = path.join(fx.dir, 'app');
    const lib = path.join(fx.dir, 'lib');
    const { client } = await LspTestClient.start({
      rootDir: app,
      env: serverEnv(),
      settings: () => ({ goPath: goBinary('1.24'), scanDependencies: true }),
    });
    onCleanup(() => client.stop());
    await client.open(path.join(app, 'main.go'));
    const st = await client.waitForResult(app);
    assert.equal(st.state, 'affected');
    assert.deepEqual(client.diagnosticsOf(path.join(app, 'main.go')), []);
    assert.deepEqual(
      client.diagnosticsOf(path.join(lib, 'lib.go')).map((d) => `${d.range.start.line} ${d.code} ${messageText(d).slice(0, 28)}`),
      ["9 split-sp-update Split SP pop in lib.Sum's ep"],
    );
    assert.match(st.message ?? '', /dependencies: 2 in example\.com\/lib \(example\.com\/lib\.Sum\)/);
  });
});
