// The one source of toolchain versions in the tests: what an installed
// toolchain says it is (`go env GOVERSION`, run once per toolchain and kept),
// so assertions follow whatever patch release the installer fetched that day
// instead of naming one (Debian's archive moves on; a literal would go red by itself).
// Versions written in captured data (crash logs name the toolchain that crashed)
// are the exception: they are facts about that capture, not about this machine.
import { execFileSync } from 'node:child_process';
import { goBinary, testEnv } from './paths';

export interface InstalledToolchain {
  /** `1.26` */
  minor: string;
  /** Its `go` binary. */
  go: string;
  /** `go env GOVERSION`, e.g. `go1.26.<patch>`. */
  version: string;
}

const known = new Map<string, InstalledToolchain>();

/** The installed toolchain of a Go minor (`'1.24'` or `'go1.24'`); fails loudly when it is not installed. */
export function installedToolchain(minor: string): InstalledToolchain {
  const m = minor.replace(/^go/, '');
  let t = known.get(m);
  if (!t) {
    const go = goBinary(m);
    const version = execFileSync(go, ['env', 'GOVERSION'], { env: testEnv(), encoding: 'utf8' }).trim();
    if (!version.startsWith(`go${m}`)) throw new Error(`${go} says it is ${JSON.stringify(version)}, not go${m}.x`);
    t = { minor: m, go, version };
    known.set(m, t);
  }
  return t;
}
