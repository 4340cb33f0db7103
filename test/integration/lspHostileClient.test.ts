// What a broken or hostile client sends, against the real server over stdio:
// malformed and oversized frames (logged, skipped, the next request answered),
// trust that is not the boolean true (nothing of the workspace runs: a
// -toolexec program, a goPath wrapper), params of the wrong types on every
// custom request (InvalidParams in plain words), and a long binary scan or a
// module triage that neither blocks other requests nor survives
// `$/cancelRequest` (its worker thread and build processes gone).
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ResponseError } from 'vscode-jsonrpc';
import type { ScanBinaryResult } from '../../shared/protocol';
import { fastModule } from '../support/goBinaries';
import { LspTestClient, REPO, goBinary, uriOf } from '../support/lspClient';
import { FIXTURES } from '../support/paths';
import { pollUntil } from '../support/poll';
import { processesWithEnv } from '../support/processes';
import { serverSessions } from '../support/lspFixtures';

/** The error a request ended with (fails when it succeeded). */
async function errorOf(p: Promise<unknown>): Promise<ResponseError<unknown>> {
  try {
    await p;
  } catch (err) {
    return err as ResponseError<unknown>;
  }
  throw new Error('the request succeeded');
}

/** Resolves with the answer, or fails when none came within ms (a silenced server). */
function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Threads of a process (its main thread, V8's and libuv's, and any worker threads). */
const threads = (pid: number) => readdirSync(`/proc/${pid}/task`).length;

describe('lsp: a broken or hostile client (real server over stdio)', function () {
  this.timeout(300_000);
  const { start, onCleanup } = serverSessions({ settings: () => ({ goPath: goBinary('1.24') }) });

  describe('framing', () => {
    const probe = async (client: LspTestClient, what: string) => {
      const r = await within(20_000, `listFunctions after ${what}`, client.request<unknown[]>('preemptGuard/listFunctions', {}));
      assert.deepEqual(r, []);
    };

    it('a bad Content-Length, random bytes and a body that is not JSON: each logged, the next request answered', async () => {
      const { client } = await start('e2e-demo', { initializationOptions: { trusted: false } });
      await probe(client, 'start');
      const problems = () => client.stderr.split('\n').filter((l) => l.startsWith('LSP input: '));

      await client.writeRaw('Content-Length: twelve\r\n\r\n{"jsonrpc":"2.0"}');
      await probe(client, 'a non-numeric Content-Length');
      await client.writeRaw(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a, 0x42, 0x42]));
      await probe(client, 'random bytes');
      // The length is short: the rest of the body and the next frame's header follow.
      await client.writeRaw('Content-Length: 5\r\n\r\n{"jsonrpc":"2.0","method":"x"}');
      await probe(client, 'a Content-Length shorter than the body');

      assert.deepEqual(
        problems().map((l) => l.replace(/ \(.*\)/, '')),
        [
          'LSP input: skipped a malformed message: Content-Length is not a decimal number; reading on from the next Content-Length header',
          'LSP input: skipped a malformed message: a header line without a name and a colon; reading on from the next Content-Length header',
          'LSP input: skipped a malformed message: a body of 5 bytes is not JSON; reading on from the next Content-Length header',
        ],
      );
      // The same lines reach the client's log.
      assert.equal(client.logCount(/^LSP input: skipped a malformed message/), 3);
    });

    it('a huge Content-Length is refused (not buffered): logged, the next request answered', async () => {
      const { client } = await start('e2e-demo', { initializationOptions: { trusted: false } });
      await probe(client, 'start');
      // 1 TB announced; 4 MiB of the body sent: the server must neither wait for the rest nor keep it.
      await client.writeRaw(`Content-Length: 1000000000000\r\n\r\n{"jsonrpc":"2.0","id":77,"method":"x","params":"${'A'.repeat(4 << 20)}`);
      await probe(client, 'an oversized frame');
      assert.match(
        client.stderr,
        /^LSP input: refused an oversized message: Content-Length 1000000000000 is over the limit of 67108864 bytes/m,
      );
    });
  });

  it('trust that is not the boolean true ("false", "no"): goPath, buildFlags and GOFLAGS=-toolexec never run; {trusted: true} runs them', async () => {
    const marks = realpathSync(mkdtempSync(path.join(tmpdir(), 'pg-trust-')));
    onCleanup(() => rmSync(marks, { recursive: true, force: true }));
    const script = (name: string, body: string) => {
      const f = path.join(marks, name);
      writeFileSync(f, `#!/bin/sh\n${body}\n`);
      chmodSync(f, 0o755);
      return f;
    };
    const toolexec = script('toolexec.sh', `touch '${marks}/toolexec-ran'\nexec "$@"`);
    const goWrapper = script('go', `touch '${marks}/go-ran'\nexec '${goBinary('1.24')}' "$@"`);
    const cache = path.join(marks, 'gocache');
    const ran = () => ['toolexec-ran', 'go-ran'].filter((f) => existsSync(path.join(marks, f)));

    // A package without imports: trusted, its build compiles just it (through the toolexec program).
    const { dir, client } = await start('frames', {
      initializationOptions: { trusted: 'false' },
      settings: (_scope, section) =>
        section === 'go'
          ? { toolsEnvVars: { GOFLAGS: `-toolexec=${toolexec}`, GOCACHE: cache } }
          : { goPath: goWrapper, buildFlags: [`-toolexec=${toolexec}`] },
    });
    await client.open(path.join(dir, 'leaf.go'));
    const refusedEverything = async () => {
      const scan = await client.request<{ modules: { state: string }[] }>('preemptGuard/scan', { uri: uriOf(dir) });
      assert.deepEqual(
        scan.modules.map((m) => m.state),
        ['untrusted'],
      );
      const triage = await errorOf(client.request('preemptGuard/triage', { text: 'x', target: { kind: 'module', path: dir } }));
      assert.match(triage.message, /^The workspace is not trusted/);
      assert.deepEqual(ran(), []);
      // The reproducer's toolchain list runs the configured go only when trusted.
      await client.request('preemptGuard/toolchains', undefined);
      assert.deepEqual(ran(), []);
    };

    await refusedEverything();
    await client.notify('preemptGuard/trust', { trusted: 'no' });
    await client.notify('preemptGuard/trust', { trusted: 1 });
    await refusedEverything();
    assert.equal(client.logCount(/^analysis #\d+ .* started/), 0);

    // The same session trusted: the very same settings run (the markers can appear).
    await client.notify('preemptGuard/trust', { trusted: true });
    const st = await client.waitForResult(dir, client.statuses.length);
    assert.equal(st.state, 'affected');
    assert.deepEqual(ran(), ['toolexec-ran', 'go-ran']);
  });

  it('params of the wrong type on every custom request: InvalidParams in plain words, never an internal JavaScript text', async () => {
    const { dir, client } = await start('e2e-demo');
    const cases: [string, unknown, RegExp][] = [
      ['preemptGuard/scan', { uri: 5 }, /`uri` must be a string/],
      ['preemptGuard/scan', 'all', /the parameters must be an object/],
      ['preemptGuard/listFunctions', { uri: {} }, /`uri` must be a string/],
      ['preemptGuard/assembly', null, /the parameters must be an object/],
      ['preemptGuard/assembly', { symbol: 1, uri: uriOf(dir) }, /`symbol` must be a string/],
      ['preemptGuard/scanBinary', null, /the parameters must be an object/],
      ['preemptGuard/scanBinary', { path: 7 }, /`path` must be a string/],
      ['preemptGuard/scanBinary', { path: dir, all: 'yes' }, /`all` must be true or false/],
      ['preemptGuard/triage', null, /the parameters must be an object/],
      ['preemptGuard/triage', { text: 'x', target: { kind: 'binary', path: 3 } }, /`path` must be a string/],
      ['preemptGuard/repro/start', { variant: 'seed', budgetSeconds: '10' }, /`budgetSeconds` must be a number/],
      ['preemptGuard/repro/start', { variant: 'other', budgetSeconds: 1 }, /`variant` must be one of "seed", "fast", "control"/],
      ['preemptGuard/repro/stop', { runId: 5 }, /`runId` must be a string/],
      ['preemptGuard/repro/disassembly', { variant: null }, /`variant` must be one of/],
    ];
    for (const [method, params, message] of cases) {
      const err = await errorOf(client.request(method, params));
      const what = `${method} ${JSON.stringify(params)}: ${err.message}`;
      assert.equal(err.code, -32602, what);
      assert.ok(err.message.startsWith(`${method}: `), what);
      assert.match(err.message, message, what);
      assert.doesNotMatch(err.message, /Cannot read|is not a function|undefined|TypeError/, what);
    }
    // A request without params takes none: what a client sends anyway is not the cancellation token.
    const toolchains = await client.request<{ version: string }[]>('preemptGuard/toolchains', { unexpected: true });
    assert.ok(
      toolchains.some((t) => /^go1\.24\./.test(t.version)),
      JSON.stringify(toolchains),
    );
  });

  it('a long scanBinary runs off the main loop: other requests are answered meanwhile, and $/cancelRequest ends it promptly', async () => {
    const { dir, client } = await start('e2e-demo', { initializationOptions: { trusted: false } });
    const pid = client.proc.pid!;
    // A first, quick scan: the worker machinery (and libuv's thread pool) has run once.
    const quick = await client.request<ScanBinaryResult>('preemptGuard/scanBinary', { path: path.join(dir, 'main.go') });
    assert.equal(quick.binaries.length + quick.errors.length > 0, true);
    // Its worker is gone before the answer: what the process has now is its idle set of threads.
    const idle = threads(pid);

    // Every installed toolchain: hundreds of thousands of files (minutes of reading).
    const big = realpathSync(path.join(REPO, '.toolchains'));
    const scan = client.cancellableRequest<ScanBinaryResult>('preemptGuard/scanBinary', { path: big });
    let scanEnded = false;
    const ended = scan.result.then(
      () => 'finished',
      (err: ResponseError<unknown>) => err,
    );
    void ended.then(() => (scanEnded = true));
    // Answered while the scan runs.
    const t0 = Date.now();
    await within(10_000, 'hover during the scan', client.hover(path.join(dir, 'main.go'), 16, 2));
    await within(10_000, 'listFunctions during the scan', client.request('preemptGuard/listFunctions', {}));
    assert.equal(scanEnded, false, 'the scan should still be running');
    assert.ok(Date.now() - t0 < 10_000);

    const cancelledAt = Date.now();
    scan.cancel();
    const outcome = await within(15_000, 'the cancelled scan', ended);
    assert.notEqual(outcome, 'finished');
    assert.equal((outcome as ResponseError<unknown>).code, -32800);
    assert.ok(Date.now() - cancelledAt < 10_000, `cancel took ${Date.now() - cancelledAt} ms`);
    // Nothing of it left: the worker thread is gone when the answer comes.
    assert.equal(threads(pid), idle);
    await within(10_000, 'a request after the cancel', client.request('preemptGuard/listFunctions', {}));
  });

  it('a triage against a module, cancelled while its build runs: RequestCancelled, the worker and every go process gone', async () => {
    const cache = realpathSync(mkdtempSync(path.join(tmpdir(), 'pg-triage-gocache-')));
    onCleanup(() => rmSync(cache, { recursive: true, force: true }));
    const { client } = await start('e2e-demo', {
      settings: (_scope, section) => (section === 'go' ? { toolsEnvVars: { GOCACHE: cache } } : { goPath: goBinary('1.26') }),
    });
    const pid = client.proc.pid!;
    // A first, quick triage (no target): the worker machinery has run once; its thread is gone by the answer.
    await client.request('preemptGuard/triage', { text: 'no crash here' });
    const idle = threads(pid);
    const log = readFileSync(path.join(FIXTURES, 'crash-logs', 'go1.26.10-leaf-traceback-did-not-unwind-1.txt'), 'utf8');
    const triage = client.cancellableRequest('preemptGuard/triage', { text: log, target: { kind: 'module', path: fastModule() } });
    const ended = triage.result.then(
      () => 'finished',
      (err: ResponseError<unknown>) => err,
    );
    // A cold build cache: the build runs for a while.
    await pollUntil('a go process of the triage build', () => processesWithEnv(`GOCACHE=${cache}`).length > 0, 60_000, 20);
    triage.cancel();
    const outcome = await within(15_000, 'the cancelled triage', ended);
    assert.equal((outcome as ResponseError<unknown>).code, -32800);
    assert.equal(threads(pid), idle);
    await pollUntil('no go process with the triage GOCACHE', () => processesWithEnv(`GOCACHE=${cache}`).length === 0, 10_000);
  });
});
