// The esbuild bundles of the project, in one place: the Node entry points
// (extension client, language server, CLI, benchmarks) and the webview pages
// (browser). Used by build.mjs (one build) and watch.mjs (incremental).
import { existsSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

const NODE_ENTRIES = [
  { in: 'client/src/extension.ts', out: 'client', external: ['vscode'] },
  { in: 'server/src/server.ts', out: 'server' },
  // The language server's job worker (binary scans, triage off its event loop): beside server.js and cli-main.js.
  { in: 'server/src/lsp/jobs/worker.ts', out: 'lsp-worker' },
  // The CLI: the bin turns on Node's own compile cache, then runs the bundle (cliBin.ts).
  { in: 'server/src/cliBin.ts', out: 'cli', banner: '#!/usr/bin/env node' },
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
      js: `${e.banner ? `${e.banner}\n` : ''}const __importMetaUrl = require('url').pathToFileURL(__filename).href;`,
    },
    define: { 'import.meta.url': '__importMetaUrl' },
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
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
