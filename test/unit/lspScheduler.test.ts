import assert from 'node:assert/strict';
import { ModuleScheduler } from '../../server/src/lsp/scheduler';

/** A run that reports when it starts and finishes only when told to (or when aborted). */
class FakeRuns {
  started: { root: string; signal: AbortSignal; finish: () => void }[] = [];
  inFlight = 0;
  maxInFlight = new Map<string, number>();
  completed: string[] = [];
  private onStart: (() => void)[] = [];

  run = (root: string, signal: AbortSignal): Promise<void> =>
    new Promise<void>((resolve) => {
      this.inFlight++;
      let done = false;
      const finish = (aborted: boolean) => {
        if (done) return;
        done = true;
        this.inFlight--;
        if (!aborted) this.completed.push(root);
        resolve();
      };
      // The aborted run returns on a later turn, as a killed process would.
      signal.addEventListener('abort', () => setImmediate(() => finish(true)));
      this.started.push({ root, signal, finish: () => finish(false) });
      this.maxInFlight.set(root, Math.max(this.maxInFlight.get(root) ?? 0, this.inFlight));
      for (const w of this.onStart.splice(0)) w();
    });

  nextStart(): Promise<void> {
    return new Promise((r) => this.onStart.push(r));
  }
}

describe('lsp ModuleScheduler', () => {
  it('coalesces a burst of requests for one module into one run', async () => {
    const fake = new FakeRuns();
    const s = new ModuleScheduler(fake.run, 5);
    const waits = Array.from({ length: 10 }, () => s.schedule('/m'));
    const started = fake.nextStart();
    await started;
    assert.equal(fake.started.length, 1);
    fake.started[0].finish();
    await Promise.all(waits);
    assert.deepEqual(fake.completed, ['/m']);
    assert.equal(s.isBusy('/m'), false);
  });

  it('aborts the run in flight and starts the next one only after it returned', async () => {
    const fake = new FakeRuns();
    const s = new ModuleScheduler(fake.run, 5);
    const waits: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      const started = fake.nextStart();
      waits.push(s.schedule('/m'));
      await started;
    }
    assert.equal(fake.started.length, 10);
    assert.deepEqual(
      fake.started.slice(0, 9).map((r) => r.signal.aborted),
      Array(9).fill(true),
    );
    assert.equal(fake.started[9].signal.aborted, false);
    fake.started[9].finish();
    await Promise.all(waits);
    assert.deepEqual(fake.completed, ['/m'], 'exactly one run completes');
    assert.equal(fake.maxInFlight.get('/m'), 1, 'never two runs of one module at once');
  });

  it('runs different modules independently', async () => {
    const fake = new FakeRuns();
    const s = new ModuleScheduler(fake.run, 5);
    const a = s.schedule('/a');
    const b = s.schedule('/b');
    while (fake.started.length < 2) await fake.nextStart();
    assert.deepEqual(fake.started.map((r) => r.root).sort(), ['/a', '/b']);
    for (const r of fake.started) r.finish();
    await Promise.all([a, b]);
    assert.deepEqual(fake.completed.sort(), ['/a', '/b']);
  });

  it('cancel aborts the run and wakes the waiters without a new run', async () => {
    const fake = new FakeRuns();
    const s = new ModuleScheduler(fake.run, 5);
    const started = fake.nextStart();
    const wait = s.schedule('/m');
    await started;
    s.cancel('/m');
    await wait;
    assert.equal(fake.started.length, 1);
    assert.equal(fake.started[0].signal.aborted, true);
    assert.deepEqual(fake.completed, []);
    await s.idle();
  });

  it('cancel before the debounce fired starts nothing', async () => {
    const fake = new FakeRuns();
    const s = new ModuleScheduler(fake.run, 5);
    const wait = s.schedule('/m');
    s.cancel();
    await wait;
    await s.idle();
    assert.equal(fake.started.length, 0);
  });

  it('an immediate request during a debounce starts at once and reports errors', async () => {
    const errors: string[] = [];
    const s = new ModuleScheduler(
      async () => {
        throw new Error('boom');
      },
      60_000,
      (root, e) => errors.push(`${root}: ${(e as Error).message}`),
    );
    void s.schedule('/m');
    await s.schedule('/m', { immediate: true });
    assert.deepEqual(errors, ['/m: boom']);
  });
});
