// The version of `preempt-guard`, as the package.json it ships with has it:
// printed by `preempt-guard version` and written as the tool version into
// SARIF and JSON reports. Found by walking up from this file (dist/ in the
// package, out/server/src/cli/ in a checkout) to the package's own manifest.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGE_NAME = 'go-preempt-guard';

function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return pkg.version;
    } catch {
      /* no manifest here (or not ours): look further up */
    }
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}

export const VERSION: string = packageVersion();
