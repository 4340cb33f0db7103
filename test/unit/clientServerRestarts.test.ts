// The client's restart policy (client/src/serverRestarts.ts): a crash budget
// within a time window, and restarts that never interleave.
import assert from 'node:assert/strict';
import { CrashBudget, Mutex } from '../../client/src/serverRestarts';

describe('client: server restarts', () => {
  it('restarts a crashed server up to the budget within the window, then stops; old crashes age out; a restart resets', () => {
    const budget = new CrashBudget(3, 1000);
    assert.deepEqual(
      [0, 10, 20, 30].map((t) => budget.crashed(t)),
      [true, true, true, false],
    );
    // 1000 ms after the first crashes they no longer count.
    assert.equal(budget.crashed(1025), true);
    budget.reset();
    assert.deepEqual(
      [1030, 1040, 1050].map((t) => budget.crashed(t)),
      [true, true, true],
    );
  });

  it('runs one restart at a time, in order, also after one failed', async () => {
    const mutex = new Mutex();
    const events: string[] = [];
    let release!: () => void;
    const first = mutex.run(async () => {
      events.push('first start');
      await new Promise<void>((r) => (release = r));
      events.push('first end');
      throw new Error('restart failed');
    });
    const second = mutex.run(async () => {
      events.push('second start');
      return 2;
    });
    await Promise.resolve();
    await Promise.resolve();
    assert.deepEqual(events, ['first start']);
    release();
    await assert.rejects(first, /restart failed/);
    assert.equal(await second, 2);
    assert.deepEqual(events, ['first start', 'first end', 'second start']);
  });
});
