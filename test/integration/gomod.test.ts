// cmd/go itself reads the edited go.mod files: the toolchain line is the one
// we set and everything else parses as before.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setToolchainDirective } from '../../server/src/core/toolchain/gomod';

const ROOT = path.resolve(__dirname, '../../..');
const TOOLCHAINS = process.env.PREEMPT_GUARD_TOOLCHAINS ?? path.join(ROOT, '.toolchains');
const FIXTURES = path.join(ROOT, 'test-fixtures/gomod');

interface ModJson {
  Go?: string;
  Toolchain?: string;
  Require?: unknown[];
  Replace?: unknown[];
  Exclude?: unknown[];
  Retract?: unknown[];
  Godebug?: unknown[];
}

function modEditJson(go: string, text: string): ModJson {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-gomod-'));
  try {
    writeFileSync(path.join(dir, 'go.mod'), text);
    const out = execFileSync(go, ['mod', 'edit', '-json'], {
      cwd: dir,
      env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' },
      encoding: 'utf8',
    });
    return JSON.parse(out) as ModJson;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('gomod: edited files read back through cmd/go', () => {
  const go = path.join(TOOLCHAINS, 'go1.26', 'bin', 'go');
  const targets: Record<string, string> = { 'comments.mod': 'go1.23.12', 'crlf.mod': 'go1.23.12', 'retract.mod': 'go1.23.12' };
  for (const file of readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.mod'))
    .sort()) {
    it(`${file}`, () => {
      const before = readFileSync(path.join(FIXTURES, file), 'utf8');
      const target = targets[file] ?? 'go1.25.0';
      const r = setToolchainDirective(before, target);
      if (!r.ok) {
        assert.ok(['below-go', 'already-newer'].includes(r.code), r.reason);
        return;
      }
      const a = modEditJson(go, before);
      const b = modEditJson(go, r.text);
      assert.equal(b.Toolchain, target);
      delete b.Toolchain;
      delete a.Toolchain;
      assert.deepEqual(b, a);
    });
  }
});
