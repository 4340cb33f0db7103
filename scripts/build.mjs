// Type-checks and compiles everything to out/ (tests run from there) and
// bundles the shipped entry points to dist/ with esbuild.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bundleOptions, root } from './bundles.mjs';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
// --outdir <dir>: bundle somewhere else than dist/ (packaging stages its own copy
// so a concurrent dev build cannot swap unminified bundles into the .vsix).
const outArg = process.argv.indexOf('--outdir');
const dist = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'dist');

// tsc still emits on type errors (noEmitOnError is off); --check (npm test, CI) makes them fatal.
// --bundle-only skips tsc (packaging, when the tree was just type-checked).
let typeErrors = false;
if (!process.argv.includes('--bundle-only')) {
  try {
    // tsc -b: every project of tsconfig.json (core, shared, server, client, webview, test), incrementally.
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', root], { stdio: 'inherit' });
  } catch {
    typeErrors = true;
  }
}

mkdirSync(dist, { recursive: true });
for (const options of bundleOptions({ dist, production })) await build(options);
if (existsSync(path.join(dist, 'cli.js'))) chmodSync(path.join(dist, 'cli.js'), 0o755);
// capstone-wasm loads capstone.wasm from beside the script that bundles it.
copyFileSync(path.join(path.dirname(require.resolve('capstone-wasm')), 'capstone.wasm'), path.join(dist, 'capstone.wasm'));
if (typeErrors) {
  console.error('build: type errors (see above)');
  if (process.argv.includes('--check')) process.exit(1);
}
