// Low-priority work after an analysis (heap-fix verification: several builds
// per leaf function) on one lane of its own: it holds no build slot, so other
// modules' analyses and scan requests never wait for it. One job per module;
// a new request for the module (a save) aborts its job, and a job yields to
// running analyses before each build it starts (waitForBuilds).

export type BackgroundJob = (signal: AbortSignal) => Promise<void>;

export class BackgroundLane {
  private readonly jobs = new Map<string, AbortController>();
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly onError: (moduleRoot: string, err: unknown) => void = () => undefined) {}

  /** Queues `job` for the module, aborting the one queued or running for it. Jobs run one at a time. */
  start(moduleRoot: string, job: BackgroundJob): Promise<void> {
    this.cancel(moduleRoot);
    const controller = new AbortController();
    this.jobs.set(moduleRoot, controller);
    const run = async () => {
      if (controller.signal.aborted) return;
      try {
        await job(controller.signal);
      } catch (err) {
        if (!controller.signal.aborted) this.onError(moduleRoot, err);
      } finally {
        if (this.jobs.get(moduleRoot) === controller) this.jobs.delete(moduleRoot);
      }
    };
    const done = this.tail.then(run);
    this.tail = done;
    return done;
  }

  /** Aborts the job of one module (or every job). */
  cancel(moduleRoot?: string): void {
    for (const [root, c] of this.jobs) {
      if (moduleRoot !== undefined && root !== moduleRoot) continue;
      c.abort();
      this.jobs.delete(root);
    }
  }

  /** True while a job for the module is queued or running. */
  pending(moduleRoot: string): boolean {
    return this.jobs.has(moduleRoot);
  }
}
