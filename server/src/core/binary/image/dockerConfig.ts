// Registry credentials the way the docker CLI keeps them: `$DOCKER_CONFIG/config.json`
// (or `~/.docker/config.json`), `credHelpers[host]` first, then `auths[host]`
// (base64 `auth` or `username`/`password`), then the `credsStore` helper. A
// helper is run as `docker-credential-NAME get` with the host on stdin: an
// argument array, no shell, a time limit and bounded output. Says where the
// credentials came from, so a 401 can name the source that was tried.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { imageWords } from '../../vocabulary/image';
import { registryAccessWords } from '../../vocabulary/scanInputs';
import { ImageSourceError } from './errors';

export interface Credentials {
  username: string;
  password: string;
  /** Where they came from: `~/.docker/config.json auths`, `docker-credential-pass`. */
  source: string;
}

const HELPER_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_CONFIG_BYTES = 1 << 20;

type Config = {
  auths?: Record<string, { auth?: string; username?: string; password?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
};

function configFile(env: NodeJS.ProcessEnv): string {
  return path.join(env.DOCKER_CONFIG || path.join(os.homedir(), '.docker'), 'config.json');
}

async function readConfig(file: string): Promise<Config | undefined> {
  try {
    const text = await readFile(file, 'utf8');
    if (text.length > MAX_CONFIG_BYTES) return undefined;
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? (v as Config) : undefined;
  } catch {
    return undefined;
  }
}

/** The keys docker writes for a host (`host`, `https://host`, `http://host`, `https://host/v1/`). */
function entryFor(auths: NonNullable<Config['auths']>, host: string) {
  for (const [k, v] of Object.entries(auths)) {
    const bare = k.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    if (bare === host && typeof v === 'object' && v !== null) return v;
  }
  return undefined;
}

function runHelper(name: string, host: string): Promise<Credentials | undefined> {
  if (!HELPER_NAME.test(name))
    return Promise.reject(new ImageSourceError(imageWords.credentialHelperFailed(name, registryAccessWords.helperNameInvalid)));
  return new Promise((resolve, reject) => {
    const child = execFile(`docker-credential-${name}`, ['get'], { timeout: 20_000, maxBuffer: 64 << 10 }, (err, stdout, stderr) => {
      if (err) {
        // "credentials not found" is how helpers say "none for this host".
        if (/not found/i.test(`${stdout}${stderr}`)) return resolve(undefined);
        const why =
          (err as NodeJS.ErrnoException).code === 'ENOENT'
            ? registryAccessWords.helperNotInstalled
            : `${stderr || err.message}`.split('\n')[0];
        return reject(new ImageSourceError(imageWords.credentialHelperFailed(name, why)));
      }
      try {
        const v = JSON.parse(stdout) as { Username?: unknown; Secret?: unknown };
        if (typeof v.Username !== 'string' || typeof v.Secret !== 'string') return resolve(undefined);
        resolve({ username: v.Username, password: v.Secret, source: `docker-credential-${name}` });
      } catch {
        reject(new ImageSourceError(imageWords.credentialHelperFailed(name, registryAccessWords.helperAnswerNotJson)));
      }
    });
    child.stdin?.end(host);
  });
}

/** Credentials for `host`, or undefined (anonymous). Throws ImageSourceError when a configured helper fails. */
export async function credentialsFor(host: string, env: NodeJS.ProcessEnv = process.env): Promise<Credentials | undefined> {
  const file = configFile(env);
  const config = await readConfig(file);
  if (!config) return undefined;
  const helper = config.credHelpers?.[host];
  if (typeof helper === 'string') return runHelper(helper, host);
  const entry = config.auths ? entryFor(config.auths, host) : undefined;
  if (entry) {
    if (typeof entry.auth === 'string' && entry.auth) {
      const text = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = text.indexOf(':');
      if (colon > 0) return { username: text.slice(0, colon), password: text.slice(colon + 1), source: `${file} auths` };
    }
    if (typeof entry.username === 'string' && typeof entry.password === 'string')
      return { username: entry.username, password: entry.password, source: `${file} auths` };
  }
  if (typeof config.credsStore === 'string' && config.credsStore) return runHelper(config.credsStore, host);
  return undefined;
}
