// One analysis per module in flight. A new request for a module aborts the
// run in progress at once (its `go build` tree is killed by the core) and
// starts the new run once the aborted one has fully returned: requests that
// arrive meanwhile coalesce into that one run. Saves start at once
// (immediate); other events (open, watched files, settings) wait out a
// debounce so a burst of them starts one build.

/** One analysis; `cancel` stops it and drops pending requests (the client's progress UI cancels with it). */
export type ModuleRun = (moduleRoot: string, signal: AbortSignal, cancel: () => void) => Promise<void>;

interface Slot {
  /** Bumped on every request; a timer or run from an older generation is stale. */
  generation: number;
  timer?: NodeJS.Timeout;
  controller?: AbortController;
  running?: Promise<void>;
  /** Runs waiting for an aborted run to return. */
  starting: number;
  /** Resolved when the module is idle with nothing newer pending. */
  waiters: (() => void)[];
}

export class ModuleScheduler {
  private readonly slots = new Map<string, Slot>();
  private disposed = false;

  constructor(
    private readonly run: ModuleRun,
    private readonly delayMs = 300,
    private readonly onError: (moduleRoot: string, err: unknown) => void = () => undefined,
    /** Told of every request and cancel, before anything else happens (background work of the module stops). */
    private readonly onRequest: (moduleRoot: string) => void = () => undefined,
  ) {}

  /**
   * Asks for an analysis of moduleRoot. Resolves once an analysis started at or
   * after this request has finished (or was superseded and its successor finished).
   */
  schedule(moduleRoot: string, opts: { immediate?: boolean } = {}): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.onRequest(moduleRoot);
    const slot = this.slot(moduleRoot);
    slot.generation++;
    const generation = slot.generation;
    slot.controller?.abort();
    if (slot.timer) clearTimeout(slot.timer);
    const done = new Promise<void>((resolve) => slot.waiters.push(resolve));
    slot.timer = setTimeout(() => void this.start(moduleRoot, slot, generation), opts.immediate ? 0 : this.delayMs);
    return done;
  }

  /** Aborts the run of one module (or all) and drops pending requests; waiters resolve. */
  cancel(moduleRoot?: string): void {
    for (const [root, slot] of this.slots) {
      if (moduleRoot !== undefined && root !== moduleRoot) continue;
      this.onRequest(root);
      slot.generation++;
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = undefined;
      slot.controller?.abort();
      this.settle(slot);
    }
  }

  isBusy(moduleRoot: string): boolean {
    const slot = this.slots.get(moduleRoot);
    return !!slot && (!!slot.timer || !!slot.running || slot.starting > 0);
  }

  /** Resolves when no module has a run in flight or pending. */
  async idle(): Promise<void> {
    for (;;) {
      const busy = [...this.slots.values()].filter((s) => s.timer || s.running || s.starting > 0);
      if (!busy.length) return;
      await Promise.all(busy.map((s) => new Promise<void>((r) => s.waiters.push(r))));
    }
  }

  dispose(): void {
    this.cancel();
    this.disposed = true;
  }

  private slot(moduleRoot: string): Slot {
    let s = this.slots.get(moduleRoot);
    if (!s) {
      s = { generation: 0, starting: 0, waiters: [] };
      this.slots.set(moduleRoot, s);
    }
    return s;
  }

  private async start(moduleRoot: string, slot: Slot, generation: number): Promise<void> {
    if (slot.generation !== generation) return;
    slot.timer = undefined;
    // The aborted run must be gone (process tree killed) before a new build starts.
    slot.starting++;
    while (slot.running) await slot.running;
    slot.starting--;
    if (slot.generation !== generation || this.disposed) return this.settle(slot);
    const controller = new AbortController();
    slot.controller = controller;
    const running = (async () => {
      try {
        await this.run(moduleRoot, controller.signal, () => this.cancel(moduleRoot));
      } catch (err) {
        this.onError(moduleRoot, err);
      }
    })();
    slot.running = running;
    await running;
    if (slot.running === running) slot.running = undefined;
    if (slot.controller === controller) slot.controller = undefined;
    this.settle(slot);
  }

  /** Wakes the waiters once nothing is pending, starting or running. */
  private settle(slot: Slot): void {
    if (slot.timer || slot.running || slot.starting > 0) return;
    const waiters = slot.waiters;
    slot.waiters = [];
    for (const w of waiters) w();
  }
}
