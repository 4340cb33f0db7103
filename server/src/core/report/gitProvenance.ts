// Where a scan ran in version control, for SARIF's versionControlProvenance:
// the checkout's top directory, the commit (`git rev-parse HEAD`) and the
// repository (`git remote get-url origin`, else the checkout as a file: URI).
// git runs with argument arrays; outside a checkout, or without git, nothing.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export interface GitProvenance {
  /** Absolute path of the checkout's top directory. */
  root: string;
  repositoryUri: string;
  revisionId: string;
  branch?: string;
}

function git(dir: string, args: string[]): string | undefined {
  try {
    const r = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    return r.status === 0 ? r.stdout.trim() || undefined : undefined;
  } catch {
    return undefined;
  }
}

/** `git@github.com:o/r.git` -> `ssh://git@github.com/o/r.git`; credentials in URLs are dropped. */
export function remoteToUri(remote: string): string | undefined {
  const scp = /^([^@/\s]+@)?([^:/\s]+):(?!\/)(.+)$/.exec(remote);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) return `ssh://${scp[1] ?? ''}${scp[2]}/${scp[3]}`;
  try {
    const u = new URL(remote);
    if (u.protocol === 'https:' || u.protocol === 'http:') {
      u.username = '';
      u.password = '';
    }
    return u.toString();
  } catch {
    return undefined;
  }
}

export function gitProvenance(dir: string): GitProvenance | undefined {
  const root = git(dir, ['rev-parse', '--show-toplevel']);
  const revisionId = root && git(dir, ['rev-parse', 'HEAD']);
  if (!root || !revisionId) return undefined;
  const origin = git(dir, ['remote', 'get-url', 'origin']);
  const repositoryUri = (origin && remoteToUri(origin)) ?? pathToFileURL(root).toString();
  const branch = git(dir, ['symbolic-ref', '--short', '-q', 'HEAD']);
  return { root, repositoryUri, revisionId, branch };
}
