// npm run watch: the developer loop the launch configuration uses. esbuild
// rebuilds the bundles in dist/ on every change (incremental contexts) while
// `tsc -b --watch` type-checks every project and keeps out/ (the tests' build) current.
import { context } from 'esbuild';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bundleOptions, root } from './bundles.mjs';

const require = createRequire(import.meta.url);
const dist = path.join(root, 'dist');
mkdirSync(dist, { recursive: true });
copyFileSync(path.join(path.dirname(require.resolve('capstone-wasm')), 'capstone.wasm'), path.join(dist, 'capstone.wasm'));
const contexts = await Promise.all(bundleOptions({ dist, production: false }).map((o) => context(o)));
await Promise.all(contexts.map((c) => c.watch()));
console.log(`watch: ${contexts.length} bundles in dist/, tsc -b --watch for out/`);
const tsc = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', root, '--watch', '--preserveWatchOutput'], {
  stdio: 'inherit',
});
const stop = async () => {
  tsc.kill();
  await Promise.all(contexts.map((c) => c.dispose()));
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
