// Runs code-server (VS Code in a browser) for one test: its own temp
// user-data/extensions dirs, a copy of the workspace, loopback only, its own
// process group so stop() can take down every child (file watcher, extension
// host, language server, go builds) and prove nothing is left. Which release:
// the option `version`, else PG_CODE_SERVER_VERSION, else the latest one
// scripts/install-code-server.sh installs (codeServerVersions.json names the
// latest and the oldest, the VS Code each is built on, and where each lives).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, VSIX_PATH } from './paths';
import { freePort, groupAlive, isListening, pollUntil, processesMentioning } from './processes';

export interface CodeServerVersions {
  latest: string;
  oldest: string;
  /** code-server release -> the VS Code release it is built on. */
  vscode: Record<string, string>;
}

/** The code-server releases the tests run on (the install script reads the same file). */
export const CODE_SERVER_VERSIONS = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'test/e2e/harness/codeServerVersions.json'), 'utf8'),
) as CodeServerVersions;

/** The release a session runs on when it does not ask for one: PG_CODE_SERVER_VERSION, else the latest. */
export function defaultCodeServerVersion(): string {
  return process.env.PG_CODE_SERVER_VERSION || CODE_SERVER_VERSIONS.latest;
}

/** code-server's entry point for a release: the latest in .e2e/code-server, any other in .e2e/code-server-<version>. */
export function codeServerEntry(version: string): string {
  const dir = version === CODE_SERVER_VERSIONS.latest ? 'code-server' : `code-server-${version}`;
  return path.join(REPO_ROOT, '.e2e', dir, 'node_modules/code-server/out/node/entry.js');
}

export interface CodeServerOptions {
  /** code-server release (default: defaultCodeServerVersion()). */
  version?: string;
  /** Folder copied into the temp dir and opened as the workspace (tests never edit the repo). */
  workspaceFrom: string;
  /** Extra User/settings.json entries (on top of the quiet defaults). */
  userSettings?: Record<string, unknown>;
  /** Written to <workspace>/.vscode/settings.json. */
  workspaceSettings?: Record<string, unknown>;
  /** 'disabled' (default): --disable-workspace-trust. 'untrusted': trust on, folder not trusted, no prompt. */
  trust?: 'disabled' | 'untrusted';
  /** Extra environment for code-server and everything it starts. */
  env?: NodeJS.ProcessEnv;
  /** The .vsix to install first (default dist/go-preempt-guard.vsix). */
  vsix?: string;
  /** Where code-server's output goes (a file path). */
  logFile: string;
}

const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
  'editor.hover.delay': 300,
  'editor.minimap.enabled': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
};

export class CodeServer {
  private stopped = false;
  constructor(
    readonly url: string,
    readonly port: number,
    readonly pid: number,
    /** Temp root holding user-data, extensions, config and the workspace copy. */
    readonly root: string,
    readonly workspace: string,
    readonly userDataDir: string,
    /** The entry point that was started (which code-server release). */
    readonly entry: string,
  ) {}

  /** URL that opens the workspace folder. */
  folderUrl(): string {
    return `${this.url}/?folder=${encodeURIComponent(this.workspace)}`;
  }

  /** Kills the whole process group, then checks the port is closed and no process under root survives. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      process.kill(-this.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    try {
      await pollUntil('code-server process group to exit', 5000, () => !groupAlive(this.pid));
    } catch {
      try {
        process.kill(-this.pid, 'SIGKILL');
      } catch {
        // gone
      }
      await pollUntil('code-server process group to die', 10000, () => !groupAlive(this.pid));
    }
    await pollUntil(`port ${this.port} to close`, 10000, async () => !(await isListening(this.port)));
    // Anything started from the workspace (a detached go build) would show up here.
    const left = await pollUntil('processes under the temp root to exit', 15000, () => {
      const ps = processesMentioning(this.root);
      return ps.length === 0 ? [] : false;
    }).catch(() => processesMentioning(this.root));
    if (left.length > 0) {
      for (const p of left) {
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      throw new Error(`processes left behind: ${left.map((p) => `${p.pid} ${p.cmdline}`).join('; ')}`);
    }
  }

  /** Removes the temp root (after stop()). */
  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

function runToExit(args: string[], env: NodeJS.ProcessEnv, logFd: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', logFd, logFd], detached: true });
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        // gone
      }
      reject(new Error(`code-server ${args.slice(1).join(' ')} did not finish in ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`code-server ${args.slice(1).join(' ')} exited with ${code}`));
    });
  });
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const version = opts.version ?? defaultCodeServerVersion();
  const entry = codeServerEntry(version);
  if (!existsSync(entry)) throw new Error(`code-server ${version} missing at ${entry}: run scripts/install-code-server.sh ${version}`);
  const vsix = opts.vsix ?? VSIX_PATH;
  if (!existsSync(vsix)) throw new Error(`${vsix} missing: run npm run package`);
  const root = mkdtempSync(path.join(os.tmpdir(), 'pg-e2e-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const workspace = path.join(root, path.basename(opts.workspaceFrom));
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  cpSync(opts.workspaceFrom, workspace, { recursive: true });
  const trust = opts.trust ?? 'disabled';
  const userSettings: Record<string, unknown> = {
    ...QUIET_SETTINGS,
    ...(trust === 'untrusted'
      ? {
          'security.workspace.trust.enabled': true,
          'security.workspace.trust.startupPrompt': 'never',
          'security.workspace.trust.emptyWindow': false,
        }
      : {}),
    ...opts.userSettings,
  };
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  if (opts.workspaceSettings) {
    mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(opts.workspaceSettings, null, 2));
  }
  const config = path.join(root, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Marketplace lookups stay on loopback (nothing listens there).
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery' }),
    ...opts.env,
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  const common = [entry, '--config', config, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir];
  mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const logFd = openSync(opts.logFile, 'a');
  try {
    await runToExit([...common, '--install-extension', vsix], env, logFd, 120_000);
    const port = await freePort();
    const args = [
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      ...(trust === 'disabled' ? ['--disable-workspace-trust'] : []),
      workspace,
    ];
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', logFd, logFd], detached: true, cwd: root });
    const pid = child.pid;
    if (!pid) throw new Error('code-server did not start');
    child.unref();
    const server = new CodeServer(`http://127.0.0.1:${port}`, port, pid, root, workspace, userDataDir, entry);
    try {
      await pollUntil('code-server /healthz', 60_000, async () => {
        if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} (see ${opts.logFile})`);
        const res = await fetch(`${server.url}/healthz`);
        return res.ok;
      });
    } catch (err) {
      await server.stop().catch(() => undefined);
      throw err;
    }
    return server;
  } finally {
    closeSync(logFd);
  }
}
