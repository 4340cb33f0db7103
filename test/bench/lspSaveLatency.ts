// `npm run bench:lsp`: warm save-to-diagnostics of the language server, seen
// from a real LSP client over stdio (node dist/server.js --stdio), side by
// side in one run with the plain `go build -gcflags=-S` of the same edit on
// the same module. Each round edits a Go file (a new comment, so the package
// recompiles), then either saves it in the editor and waits for the new
// publishDiagnostics, or runs the plain build; medians and their ratio.
// Background heap-fix verification is waited out before each plain build so
// the two never share the CPU.
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LspTestClient, REPO, uriOf } from '../support/lspClient';
import { goBinary } from '../support/paths';

const ROUNDS = Number(process.env.BENCH_RUNS ?? 10);
const FIXTURE = process.env.BENCH_FIXTURE ?? 'e2e-demo';
const FILE = process.env.BENCH_FILE ?? 'main.go';
const MINOR = process.env.BENCH_GO_MINOR ?? '1.26';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/** The plain build the user would run, its listing read and discarded. */
function plainBuild(go: string, dir: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(go, ['build', '-gcflags=-S', '-o', '/dev/null', './...'], {
      cwd: dir,
      env: { ...env, GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '0' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(seconds(start)) : reject(new Error(`go build exited ${code}`))));
  });
}

async function main(): Promise<void> {
  const go = goBinary(MINOR);
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'pg-bench-lsp-')));
  const dir = path.join(base, FIXTURE);
  cpSync(path.join(REPO, 'test-fixtures', FIXTURE), dir, { recursive: true });
  const file = path.join(dir, FILE);
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' };
  const { client } = await LspTestClient.start({ rootDir: dir, env, settings: () => ({ goPath: go }) });
  let edits = 0;
  const edit = () => appendFileSync(file, `// bench edit ${process.pid}-${++edits}\n`);
  const heapFixes = () => client.logCount(/^heap fixes for /);
  try {
    await client.open(file);
    await client.waitForResult(dir);
    const verifies =
      heapFixes() > 0 ||
      (await client
        .waitFor('heap fixes', () => heapFixes() > 0, 60_000)
        .then(
          () => true,
          () => false,
        ));
    // Warm-up: one round of each, not counted.
    await plainBuild(go, dir, env);
    const lsp: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < ROUNDS + 1; i++) {
      edit();
      const since = client.statuses.length;
      const fixes = heapFixes();
      const start = process.hrtime.bigint();
      await client.save(file);
      // The analysis of this save published (its status follows its diagnostics).
      await client.waitForResult(dir, since);
      const t = seconds(start);
      if (!client.publishes.some((p) => p.uri === uriOf(file))) throw new Error(`no diagnostics for ${file}`);
      if (verifies) await client.waitFor('heap fixes after the save', () => heapFixes() > fixes);
      edit();
      const p = await plainBuild(go, dir, env);
      if (i === 0) continue;
      lsp.push(t);
      plain.push(p);
      process.stdout.write(`round ${i}: save->diagnostics ${t.toFixed(3)} s, go build ${p.toFixed(3)} s\n`);
    }
    const ml = median(lsp);
    const mp = median(plain);
    console.log(`\n${FIXTURE}/${FILE}, ${client.status(dir)?.toolchain?.version ?? go}, ${ROUNDS} warm rounds`);
    console.log(`median save -> publishDiagnostics: ${ml.toFixed(3)} s`);
    console.log(`median go build -gcflags=-S:       ${mp.toFixed(3)} s`);
    console.log(`ratio: ${(ml / mp).toFixed(2)}x (goal <= 1.3x)`);
  } finally {
    await client.stop();
    rmSync(base, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench:lsp: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
