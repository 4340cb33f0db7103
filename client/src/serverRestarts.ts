// When the language server may be restarted, without `vscode`: a crash budget
// (the client restarts a crashed server at most MAX_CRASHES times within
// WINDOW_MS, then leaves it stopped and says so, instead of a crash loop) and
// a mutex that serialises restarts (a restart asked for while one runs starts
// after it, never interleaved with its stop/start).

export const MAX_CRASHES = 4;
export const WINDOW_MS = 3 * 60 * 1000;

export class CrashBudget {
  private crashes: number[] = [];

  constructor(
    private readonly max = MAX_CRASHES,
    private readonly windowMs = WINDOW_MS,
  ) {}

  /** Records a crash at `now`; true while the budget allows one more restart. */
  crashed(now: number): boolean {
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    return this.crashes.length <= this.max;
  }

  /** A deliberate restart starts afresh. */
  reset(): void {
    this.crashes = [];
  }
}

export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `fn` once every earlier call has finished (whether it failed or not). */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
