// Temp directories named after the process that owns them
// (`preempt-guard-<purpose>-<pid>-XXXXXX`). A process killed before its
// cleanup leaves its dirs behind; whoever makes the next dir of the same
// purpose removes the dirs of processes that no longer exist.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Existing process (EPERM: someone else's, but alive). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const prefixOf = (purpose: string) => `preempt-guard-${purpose}-`;

/** Removes `purpose` dirs of dead processes in dir (default: the OS temp dir). */
export function sweepDeadTempDirs(purpose: string, dir = os.tmpdir()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const re = new RegExp(`^${prefixOf(purpose)}(\\d+)-`);
  for (const n of names) {
    const m = re.exec(n);
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) rmSync(path.join(dir, n), { recursive: true, force: true });
  }
}

/** A fresh temp dir of this process for `purpose`, after sweeping the dead processes' ones. */
export function makeTempDirSync(purpose: string): string {
  sweepDeadTempDirs(purpose);
  return mkdtempSync(path.join(os.tmpdir(), `${prefixOf(purpose)}${process.pid}-`));
}

export async function makeTempDir(purpose: string): Promise<string> {
  sweepDeadTempDirs(purpose);
  return mkdtemp(path.join(os.tmpdir(), `${prefixOf(purpose)}${process.pid}-`));
}
