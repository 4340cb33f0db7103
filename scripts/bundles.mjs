// The esbuild bundles of the project, in one place: the Node entry points
// (extension client, language server, CLI, benchmarks) and the webview pages
// (browser). Used by build.mjs (one build) and watch.mjs (incremental).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

const NODE_ENTRIES = [
  { in: 'client/src/extension.ts', out: 'client', external: ['vscode'] },
  { in: 'server/src/server.ts', out: 'server' },
  // The language server's job worker (binary scans, triage off its event loop): beside server.js and cli-main.js.
  { in: 'server/src/lsp/jobs/worker.ts', out: 'lsp-worker' },
  // The CLI: a small launcher (the bin) that runs the bundle through V8's code cache.
  { in: 'server/src/cliLauncher.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  { in: 'server/src/cli.ts', out: 'cli-main' },
  { in: 'server/src/bench/benchListing.ts', out: 'bench' },
  { in: 'server/src/bench/benchRepro.ts', out: 'bench-repro' },
  { in: 'server/src/bench/benchBinary.ts', out: 'bench-binary' },
  { in: 'test/bench/lspSaveLatency.ts', out: 'bench-lsp' },
];
const BROWSER_ENTRIES = [
  { in: 'client/src/triage/page.ts', out: 'triage-page' },
  { in: 'client/src/repro/page/main.ts', out: 'repro-page' },
];

/**
 * capstone-wasm's loader (both its builds) gets Node's `module` with `await import('module')`.
 * In our CommonJS bundles it is `require('module')`, taken by the banner (the loader shadows
 * `require` with a var of its own) and named `__nodeModuleBuiltin`: a real import() needs a loader callback, which a
 * bundle compiled from V8's code cache (the CLI launcher, cliLauncher.ts) does not get on Node 20.
 * Fails the build if the line is gone (a new capstone-wasm: look again).
 */
const capstoneRequiresModule = {
  name: 'capstone-requires-module',
  setup(b) {
    b.onLoad({ filter: /capstone-wasm[\\/]dist[\\/]index\.(mjs|cjs)$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const out = text.replace(/await import\((['"])module\1\)/g, '__nodeModuleBuiltin');
      if (out === text) throw new Error(`${args.path}: no \`await import('module')\` to replace (capstone-wasm changed?)`);
      return { contents: out, loader: 'js' };
    });
  },
};

/** esbuild options of every bundle, written to dist. */
export function bundleOptions({ dist, production }) {
  const node = NODE_ENTRIES.filter((e) => existsSync(path.join(root, e.in))).map((e) => ({
    entryPoints: [path.join(root, e.in)],
    outfile: path.join(dist, `${e.out}.js`),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: e.external ?? [],
    // ESM-only dependencies (capstone-wasm's module build) read import.meta.url.
    banner: {
      js: `${e.banner ? `${e.banner}\n` : ''}const __importMetaUrl = require('url').pathToFileURL(__filename).href;\nconst __nodeModuleBuiltin = require('module');`,
    },
    define: { 'import.meta.url': '__importMetaUrl' },
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    plugins: [capstoneRequiresModule],
  }));
  // Webview page scripts: bundled for the browser (they import only types and the vocabulary).
  const browser = BROWSER_ENTRIES.map((e) => ({
    entryPoints: [path.join(root, e.in)],
    outfile: path.join(dist, `${e.out}.js`),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  }));
  return [...node, ...browser];
}
