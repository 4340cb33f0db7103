// At most N module builds at once across the workspace (a multi-module
// workspace scanned at once must not start twenty `go build`s on two cores).
// Waiting is abortable: a superseded run leaves the queue. Background work
// waits for no build at all (whenIdle) before starting one of its own.

export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly max: number) {}

  /** Resolves with a release function, or rejects when signal aborts first. */
  acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(new Error('aborted'));
    const grant = (): (() => void) => {
      this.active++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        this.active--;
        this.queue.shift()?.();
        if (this.active === 0) for (const w of this.idleWaiters.splice(0)) w();
      };
    };
    if (this.active < this.max) return Promise.resolve(grant());
    return new Promise((resolve, reject) => {
      const start = () => {
        signal.removeEventListener('abort', onAbort);
        resolve(grant());
      };
      const onAbort = () => {
        const i = this.queue.indexOf(start);
        if (i >= 0) this.queue.splice(i, 1);
        reject(new Error('aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(start);
    });
  }

  /** Resolves once no build holds a slot; rejects when signal aborts first. */
  whenIdle(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new Error('aborted'));
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== wake);
        reject(new Error('aborted'));
      };
      const wake = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.idleWaiters.push(wake);
    });
  }
}
