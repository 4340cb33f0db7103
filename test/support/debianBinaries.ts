// Published Go arm64 binaries from Debian's archive (trixie's docker.io,
// kubectl and runc, sid's containerd), fetched once into .bench/debian/ by
// scripts/fetch-debian-binaries.sh, which the benchmark uses too. Installs
// them when missing (idempotent): the tests that use them never skip.
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hasGoBuildInfo, sniffExecutable } from '../../server/src/core/binary/targets/sniff';
import { REPO } from './paths';

export const DEBIAN_DIR = path.join(REPO, '.bench', 'debian', 'pkg');

/** Fetches the packages when missing; throws (with the script's output) when that fails. */
export function installDebianBinaries(): void {
  execFileSync('bash', [path.join(REPO, 'scripts', 'fetch-debian-binaries.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Every Go arm64 executable of the fetched packages (regular files, not links), by path. */
export function debianGoBinaries(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const st = lstatSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && st.size > 1 << 20) {
        const bytes = readFileSync(p);
        if (sniffExecutable(bytes) === 'arm64' && hasGoBuildInfo(bytes)) out.push(p);
      }
    }
  };
  walk(DEBIAN_DIR);
  return out;
}
