// Type-checks and compiles everything to out/ (tests run from there) and
// bundles the shipped entry points to dist/ with esbuild.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, existsSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const production = process.argv.includes('--production');
// --outdir <dir>: bundle somewhere else than dist/ (packaging stages its own copy
// so a concurrent dev build cannot swap unminified bundles into the .vsix).
const outArg = process.argv.indexOf('--outdir');
const dist = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'dist');

// tsc still emits on type errors; --check (npm test, CI) makes them fatal.
// --bundle-only skips tsc (packaging, when the tree was just type-checked).
let typeErrors = false;
if (!process.argv.includes('--bundle-only')) {
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', root], { stdio: 'inherit' });
  } catch {
    typeErrors = true;
  }
}

const entries = [
  { in: 'client/src/extension.ts', out: 'client', external: ['vscode'] },
  { in: 'server/src/server.ts', out: 'server' },
  { in: 'server/src/cli.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  { in: 'server/src/bench.ts', out: 'bench' },
  { in: 'server/src/benchRepro.ts', out: 'bench-repro' },
  { in: 'server/src/benchBinary.ts', out: 'bench-binary' },
  { in: 'test/bench/lspSaveLatency.ts', out: 'bench-lsp' },
];
mkdirSync(dist, { recursive: true });
for (const e of entries) {
  if (!existsSync(path.join(root, e.in))) continue;
  await build({
    entryPoints: [path.join(root, e.in)],
    outfile: path.join(dist, `${e.out}.js`),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: e.external ?? [],
    // ESM-only dependencies (execa, capstone-wasm's module build) read import.meta.url.
    banner: { js: `${e.banner ? `${e.banner}\n` : ''}const __importMetaUrl = require('url').pathToFileURL(__filename).href;` },
    define: { 'import.meta.url': '__importMetaUrl' },
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  });
}
// Webview page scripts: bundled for the browser (they import only types and the vocabulary).
await build({
  entryPoints: [path.join(root, 'client/src/triage/page.ts')],
  outfile: path.join(dist, 'triage-page.js'),
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
});
if (existsSync(path.join(dist, 'cli.js'))) chmodSync(path.join(dist, 'cli.js'), 0o755);
// capstone-wasm loads capstone.wasm from beside the script that bundles it.
copyFileSync(path.join(path.dirname(require.resolve('capstone-wasm')), 'capstone.wasm'), path.join(dist, 'capstone.wasm'));
if (typeErrors) {
  console.error('build: type errors (see above)');
  if (process.argv.includes('--check')) process.exit(1);
}
