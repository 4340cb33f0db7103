// One editor session for a test: package the extension (once per process),
// start code-server with it installed, open the workspace in Chromium.
// close() shuts the browser and the whole code-server process group.
import { spawn } from 'node:child_process';
import type { Browser, Frame, Page } from 'playwright-core';
import * as path from 'node:path';
import { Artifacts } from './artifacts';
import { launchBrowser, openPage } from './browser';
import { type CodeServer, type CodeServerOptions, startCodeServer } from './codeServer';
import { REPO_ROOT, VSIX_PATH } from './paths';
import { pollUntil } from './processes';
import { Workbench } from './workbench';

let packaging: Promise<string> | undefined;

/** Builds dist/go-preempt-guard.vsix from the current sources (production bundles), once per test process. */
export function ensureVsix(): Promise<string> {
  packaging ??= new Promise<string>((resolve, reject) => {
    const child = spawn('bash', [path.join(REPO_ROOT, 'scripts/package.sh'), '--bundle-only'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(VSIX_PATH) : reject(new Error(`npm run package failed (${code}):\n${log}`))));
  });
  return packaging;
}

export interface EditorSessionOptions extends Omit<CodeServerOptions, 'logFile'> {
  /** Names the artifacts folder: test-artifacts/e2e/<suite>/. */
  suite: string;
}

export class EditorSession {
  private constructor(
    readonly server: CodeServer,
    readonly browser: Browser,
    readonly page: Page,
    readonly wb: Workbench,
    readonly artifacts: Artifacts,
  ) {}

  static async open(opts: EditorSessionOptions): Promise<EditorSession> {
    const artifacts = new Artifacts(opts.suite);
    const vsix = opts.vsix ?? (await ensureVsix());
    const server = await startCodeServer({ ...opts, vsix, logFile: artifacts.file('code-server.log') });
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await openPage(browser, server.folderUrl());
      const wb = new Workbench(page, artifacts);
      await wb.waitReady();
      return new EditorSession(server, browser, page, wb, artifacts);
    } catch (err) {
      await browser?.close().catch(() => undefined);
      await server.stop().catch(() => undefined);
      server.cleanup();
      throw err;
    }
  }

  /** Absolute path of a file in the workspace copy. */
  file(rel: string): string {
    return path.join(this.server.workspace, rel);
  }

  /** The content frame of the webview that holds `selector` (webviews render in nested iframes), within a minute. */
  webviewFrame(selector: string, what: string): Promise<Frame> {
    return pollUntil(
      what,
      60_000,
      async () => {
        for (const f of this.page.frames()) {
          if (f.isDetached()) continue;
          if (
            (await f
              .locator(selector)
              .count()
              .catch(() => 0)) > 0
          )
            return f;
        }
        return undefined;
      },
      500,
    );
  }

  async close(): Promise<void> {
    try {
      await this.browser.close();
    } finally {
      try {
        await this.server.stop();
      } finally {
        this.server.cleanup();
      }
    }
  }
}
