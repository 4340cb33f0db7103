// The one process scanner of the tests: live processes from /proc matching a
// predicate over their command line and environment. One zombie rule, the
// core's isRunning: an exited process not yet reaped does not count.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isRunning } from '../../server/src/core/util/processTree';

export interface ProcessInfo {
  pid: number;
  cmdline: string;
  environ: string;
}

export function liveProcesses(match: (p: ProcessInfo) => boolean): number[] {
  if (!existsSync('/proc')) return [];
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      const info = {
        pid,
        cmdline: readFileSync(`/proc/${name}/cmdline`, 'latin1'),
        environ: readFileSync(`/proc/${name}/environ`, 'latin1'),
      };
      if (match(info) && isRunning(pid)) out.push(pid);
    } catch {
      /* gone, or not ours to read */
    }
  }
  return out;
}

/** Processes whose environment holds `marker` (e.g. GOCACHE=<a test's own dir>), wherever they were re-parented. */
export function processesWithEnv(marker: string): number[] {
  return liveProcesses((p) => p.environ.includes(marker));
}
