// The heap quick fix against real toolchains: which rewrite wins per
// toolchain, that its edits (applied by LSP position) compile and clear the
// finding, and that the program prints the same under qemu afterwards.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeModule } from '../../server/src/core/listing/analyze';
import { AnalysisError } from '../../server/src/core/util/errors';
import { proposeHeapFix, type HeapFixEdit, type HeapFixStrategy } from '../../server/src/core/heapfix/heapFix';
import type { Finding } from '../../server/src/core/types';
import { FIXTURES as FIXTURE_ROOT, goBinary, testEnv } from '../support/paths';

const FIXTURES = path.join(FIXTURE_ROOT, 'heapfix');
const ENV = testEnv();

/** One finding per function (a function has one per return site and kind). */
function leafFunctions(findings: Finding[]): Map<string, Finding> {
  const out = new Map<string, Finding>();
  for (const f of findings) if (f.leaf && !out.has(f.function)) out.set(f.function, f);
  return out;
}

function applyByPosition(text: string, edits: HeapFixEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  let out = text;
  for (const e of [...edits].reverse()) {
    out = out.slice(0, starts[e.start.line] + e.start.character) + e.newText + out.slice(starts[e.end.line] + e.end.character);
  }
  return out;
}

/** Builds the module for linux/arm64 into a temp dir (never into the fixture) and runs it under qemu. */
function runArm64(go: string, dir: string): string {
  const out = mkdtempSync(path.join(os.tmpdir(), 'pg-heapfix-bin-'));
  try {
    const bin = path.join(out, 'prog');
    execFileSync(go, ['build', '-o', bin, '.'], {
      cwd: dir,
      env: { ...ENV, GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '0' },
      stdio: 'pipe',
    });
    return execFileSync('qemu-aarch64', [bin], { encoding: 'utf8' });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function copyModule(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `pg-heapfix-${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

const hasQemu = ((): boolean => {
  try {
    execFileSync('qemu-aarch64', ['-version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

// The function names a toolchain gives to closures inlined into main differ.
const ARRAY64K: Record<string, Record<string, HeapFixStrategy>> = {
  common: {
    'main.checksum': 'slice-make',
    'main.pointerTo': 'array-pointer-make',
    'main.fromNew': 'array-pointer-make',
    'main.fromMake': 'slice-make',
    'main.(*ring).spin': 'slice-make',
    'main.handler.func1': 'slice-make',
    'main.constLen': 'array-pointer-make',
  },
  'go1.19': { 'main.main.func1': 'slice-make' },
  'go1.24': { 'main.main.handler.func1': 'slice-make' },
  'go1.26': { 'main.main.handler.func1': 'slice-make' },
};

for (const minor of ['go1.19', 'go1.24', 'go1.26']) {
  describe(`heap fix with ${minor}`, function () {
    this.timeout(120000);
    // A missing toolchain fails the suite loudly (goBinary throws), it is never skipped.
    let go = '';
    before(() => {
      go = goBinary(minor.slice(2));
    });

    it('array64k: every leaf function gets a verified fix; edits compile, clear the finding, keep the output', async () => {
      const dir = path.join(FIXTURES, 'array64k');
      const before = await analyzeModule({ dir, go, env: ENV });
      assert.deepEqual(before.errors, []);
      const leaves = leafFunctions(before.findings);
      const expected = { ...ARRAY64K.common, ...ARRAY64K[minor] };
      assert.deepEqual([...leaves.keys()].sort(), Object.keys(expected).sort());
      const original = readFileSync(path.join(dir, 'main.go'), 'utf8');
      const originalOutput = hasQemu ? runArm64(go, dir) : '';
      for (const [fn, finding] of leaves) {
        const r = await proposeHeapFix({ finding, fileText: original, moduleRoot: dir, go, env: ENV });
        assert.ok(r.ok, `${fn}: ${r.ok ? '' : r.reason}`);
        assert.equal(r.strategy, expected[fn], fn);
        assert.equal(r.title, `Move \`${r.local}\` to the heap`);
        assert.match(r.verifiedWith, new RegExp(`^${minor.replace('.', '\\.')}\\.`));
        if (fn === 'main.constLen') {
          // len(buf) in a constant: the slice rewrite does not compile, the array pointer does.
          assert.deepEqual(
            r.tried.map((t) => [t.strategy, t.outcome]),
            [
              ['slice-make', 'build-failed'],
              ['array-pointer-make', 'verified'],
            ],
          );
        }
        // Independently of the overlay: write the edited file into a copy and rebuild.
        const copy = copyModule('array64k');
        try {
          writeFileSync(path.join(copy, 'main.go'), applyByPosition(original, r.edits));
          const after = await analyzeModule({ dir: copy, go, env: ENV });
          assert.deepEqual(after.errors, [], fn);
          assert.deepEqual(
            after.findings.filter((f) => f.function === fn),
            [],
            `${fn} still has a finding`,
          );
          if (hasQemu) assert.equal(runArm64(go, copy), originalOutput, `${fn}: output changed`);
        } finally {
          rmSync(copy, { recursive: true, force: true });
        }
      }
    });

    it('array128k16: go1.19 needs new([N]T); later toolchains already heap-allocate it', async () => {
      const dir = path.join(FIXTURES, 'array128k16');
      const res = await analyzeModule({ dir, go, env: ENV });
      const leaves = leafFunctions(res.findings);
      if (minor !== 'go1.19') {
        assert.deepEqual([...leaves.keys()], []);
        return;
      }
      assert.deepEqual([...leaves.keys()], ['main.frame']);
      const finding = leaves.get('main.frame') as Finding;
      const r = await proposeHeapFix({ finding, fileText: readFileSync(finding.file, 'utf8'), moduleRoot: dir, go, env: ENV });
      assert.ok(r.ok, r.ok ? '' : r.reason);
      assert.equal(r.strategy, 'new-array');
      assert.deepEqual(
        r.edits.map((e) => e.newText),
        ['buf := new([size]byte)'],
      );
      assert.deepEqual(r.tried, [{ strategy: 'new-array', outcome: 'verified' }]);
    });

    it('oldlang (go 1.16): the only candidate left keeps the finding, so nothing is offered', async () => {
      const dir = path.join(FIXTURES, 'oldlang');
      const res = await analyzeModule({ dir, go, env: ENV });
      const finding = leafFunctions(res.findings).get('main.constLen');
      assert.ok(finding, 'main.constLen has no leaf finding');
      const r = await proposeHeapFix({ finding, fileText: readFileSync(finding.file, 'utf8'), moduleRoot: dir, go, env: ENV });
      assert.ok(!r.ok);
      assert.deepEqual(
        r.tried.map((t) => [t.strategy, t.outcome]),
        [
          ['slice-make', 'build-failed'],
          ['new-array', 'finding-remains'],
        ],
      );
    });

    it('unsupported: a range over a copy that writes the array is refused without building', async () => {
      const dir = path.join(FIXTURES, 'unsupported');
      const res = await analyzeModule({ dir, go, env: ENV });
      const finding = leafFunctions(res.findings).get('main.rotate');
      assert.ok(finding, 'main.rotate has no leaf finding');
      const r = await proposeHeapFix({ finding, fileText: readFileSync(finding.file, 'utf8'), moduleRoot: dir, go, env: ENV });
      assert.ok(!r.ok);
      assert.equal(r.reason, 'buf on line 11: the range body writes the array it iterates over by value');
      assert.deepEqual(r.tried, []);
    });
  });
}

const fakeFinding: Finding = {
  kind: 'split-sp-update',
  function: 'main.frame',
  packagePath: 'example.com/heapfix/array128k16',
  file: '',
  line: 13,
  declLine: 10,
  frameSize: 131104,
  leaf: true,
  offset: 0,
  instructions: ['', ''],
  offsets: [0, 0],
  pseudo: '',
  fixedByToolchain: false,
};

describe('heap fix: cancellation and temp files', function () {
  this.timeout(120000);
  let go = '';
  before(() => {
    go = goBinary('1.26');
  });
  it('an aborted verification rejects as cancelled and leaves no temp files', async () => {
    const dir = path.join(FIXTURES, 'array64k');
    const res = await analyzeModule({ dir, go, env: ENV });
    const finding = leafFunctions(res.findings).get('main.checksum') as Finding;
    const ours = (): string[] => readdirSync(os.tmpdir()).filter((n) => n.startsWith('preempt-guard-heapfix-'));
    const tmpBefore = new Set(ours());
    const controller = new AbortController();
    const pending = proposeHeapFix({
      finding,
      fileText: readFileSync(finding.file, 'utf8'),
      moduleRoot: dir,
      go,
      env: ENV,
      signal: controller.signal,
    });
    controller.abort();
    await assert.rejects(pending, (e: unknown) => e instanceof AnalysisError && e.code === 'cancelled');
    assert.deepEqual(
      ours().filter((n) => !tmpBefore.has(n)),
      [],
    );
  });

  it('temp dirs left by a killed process are swept by the next verification', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    assert.ok(dead);
    const stale = path.join(os.tmpdir(), `preempt-guard-heapfix-${dead}-stale`);
    mkdirSync(stale);
    writeFileSync(path.join(stale, 'slice-make.go'), 'package main\n');
    const dir = path.join(FIXTURES, 'array128k16');
    const finding = { ...fakeFinding, file: path.join(dir, 'main.go') };
    const r = await proposeHeapFix({ finding, fileText: readFileSync(finding.file, 'utf8'), moduleRoot: dir, go, env: ENV });
    assert.equal(existsSync(stale), false);
    // go1.26 heap-allocates this buffer itself: the rewrite verifies trivially.
    assert.ok(r.ok);
  });
});
