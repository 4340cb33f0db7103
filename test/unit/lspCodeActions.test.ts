// Quick-fix store: lookup by the diagnostics the client sends (code + range),
// stale versions dropped; the background lane and the limiter's idle wait.
import assert from 'node:assert/strict';
import type { CodeAction, CodeActionParams, Diagnostic } from 'vscode-languageserver';
import { BackgroundLane } from '../../server/src/lsp/background';
import { CodeActionStore, versionedAction, versionedEdit, withoutVersions, type StoredAction } from '../../server/src/lsp/codeActions';
import { Limiter } from '../../server/src/lsp/limiter';

const URI = 'file:///m/main.go';
const diag = (line: number, code: string): Diagnostic => ({
  range: { start: { line, character: 1 }, end: { line, character: 7 } },
  code,
  message: `${code} at ${line}`,
});
const action = (title: string, diagnostics: Diagnostic[], version: number | null): CodeAction => ({
  title,
  kind: 'quickfix',
  diagnostics,
  edit: versionedEdit(URI, version, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: 'x' }]),
});
const params = (diagnostics: Diagnostic[], only?: string[]): CodeActionParams => ({
  textDocument: { uri: URI },
  range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } },
  context: { diagnostics, only },
});

describe('lsp CodeActionStore', () => {
  const sp = diag(16, 'split-sp-update');
  const fp = diag(16, 'split-fp-restore');
  function store(): CodeActionStore {
    const s = new CodeActionStore();
    const heap: StoredAction = versionedAction(action('heap', [sp, fp], 3), URI, 3);
    const upgrade: StoredAction = { diagnostics: [diag(30, 'split-sp-update')], make: () => action('upgrade', [], null) };
    s.set('/m', new Map([[URI, [heap, upgrade]]]));
    return s;
  }

  it('finds actions by code and range of the diagnostics in the context, not by the requested range', () => {
    const s = store();
    assert.deepEqual(
      s.lookup(params([fp])).map((a) => a.title),
      ['heap'],
    );
    assert.deepEqual(
      s.lookup(params([diag(30, 'split-sp-update')])).map((a) => a.title),
      ['upgrade'],
    );
    assert.deepEqual(s.lookup(params([])), [], 'a whole-file range without diagnostics finds nothing');
    assert.deepEqual(s.lookup(params([diag(16, 'other-code')])), [], 'same range, other code');
    assert.deepEqual(s.lookup(params([diag(18, 'split-sp-update')])), [], 'moved diagnostic');
    assert.deepEqual(s.lookup(params([fp], ['refactor'])), [], 'only refactorings asked for');
    assert.deepEqual(
      s.lookup(params([fp], ['quickfix'])).map((a) => a.title),
      ['heap'],
    );
  });

  it('drops an action when the document it edits changes version, keeps it for its own version', () => {
    const s = store();
    s.documentChanged(URI, 3);
    assert.deepEqual(
      s.lookup(params([sp])).map((a) => a.title),
      ['heap'],
    );
    s.documentChanged('file:///m/other.go', 9);
    assert.deepEqual(
      s.lookup(params([sp])).map((a) => a.title),
      ['heap'],
    );
    s.documentChanged(URI, 4);
    assert.deepEqual(s.lookup(params([sp])), []);
    assert.deepEqual(
      s.lookup(params([diag(30, 'split-sp-update')])).map((a) => a.title),
      ['upgrade'],
      'computed at request time: kept',
    );
  });

  it('a closed document (null version) drops actions computed for an editor version', () => {
    const s = store();
    s.documentChanged(URI, null);
    assert.deepEqual(s.lookup(params([sp])), []);
  });

  it('withoutVersions gives the same edits as plain changes', () => {
    const a = action('heap', [], 3);
    assert.deepEqual(withoutVersions(a).edit, {
      changes: { [URI]: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: 'x' }] },
    });
  });
});

describe('lsp BackgroundLane and Limiter.whenIdle', () => {
  it('runs one job at a time; a new job for a module aborts the old one', async () => {
    const lane = new BackgroundLane();
    const order: string[] = [];
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const first = lane.start(
      '/a',
      (signal) =>
        new Promise<void>((resolve) => {
          order.push('a1 start');
          signal.addEventListener('abort', () => {
            order.push('a1 aborted');
            resolve();
          });
          started();
        }),
    );
    await running;
    const b = lane.start('/b', async () => {
      order.push('b');
    });
    const second = lane.start('/a', async (signal) => {
      order.push(`a2 ${signal.aborted ? 'aborted' : 'runs'}`);
    });
    assert.equal(lane.pending('/a'), true);
    await Promise.all([first, b, second]);
    assert.deepEqual(order, ['a1 start', 'a1 aborted', 'b', 'a2 runs']);
    assert.equal(lane.pending('/a'), false);
  });

  it('a job superseded before it started never runs; errors of live jobs are reported', async () => {
    const errors: string[] = [];
    const lane = new BackgroundLane((root, e) => errors.push(`${root}: ${(e as Error).message}`));
    const ran: string[] = [];
    const a = lane.start('/a', async () => {
      throw new Error('boom');
    });
    const b = lane.start('/b', async () => {
      ran.push('b');
    });
    lane.cancel('/b');
    await Promise.all([a, b]);
    assert.deepEqual([ran, errors], [[], ['/a: boom']]);
  });

  it('whenIdle waits for every slot to be released and is abortable', async () => {
    const limiter = new Limiter(2);
    const never = new AbortController();
    const r1 = await limiter.acquire(never.signal);
    const r2 = await limiter.acquire(never.signal);
    let idle = false;
    const waiting = limiter.whenIdle(never.signal).then(() => {
      idle = true;
    });
    const aborted = new AbortController();
    const gaveUp = assert.rejects(limiter.whenIdle(aborted.signal));
    aborted.abort();
    await gaveUp;
    r1();
    await Promise.resolve();
    assert.equal(idle, false);
    r2();
    await waiting;
    assert.equal(idle, true);
  });
});
