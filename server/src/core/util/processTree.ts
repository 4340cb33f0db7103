// Killing a process and everything it started: `go build` runs `compile`,
// `asm` and `link` as children, and a cancelled build must leave none behind.
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Parent pid of every process we can see: /proc on Linux, `ps` elsewhere. */
function parentMap(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  const add = (pid: number, ppid: number) => {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  };
  if (process.platform === 'linux') {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
        // The command name is in parentheses and may hold spaces: read after the last ')'.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        add(Number(name), Number(fields[1]));
      } catch {
        /* exited meanwhile */
      }
    }
  } else {
    const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
    for (const line of out.split('\n')) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number);
      if (pid && ppid !== undefined) add(pid, ppid);
    }
  }
  return children;
}

/** Every descendant of pid, children before grandchildren. */
export function descendants(pid: number): number[] {
  const children = parentMap();
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    for (const c of children.get(p) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

/** Stops pid's whole tree at once: descendants are found first so none is re-parented to init unseen. */
export function killProcessTree(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  const tree = descendants(pid);
  try {
    process.kill(-pid, signal);
  } catch {
    /* not a group leader */
  }
  for (const p of [pid, ...tree]) {
    try {
      process.kill(p, signal);
    } catch {
      /* already gone */
    }
  }
}

/** True while pid runs; a zombie (exited, not yet reaped) does not count. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
