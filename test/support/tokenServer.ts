// A tiny bearer-token server for the registry tests: the registry's
// `WWW-Authenticate: Bearer realm=…,service=…,scope=…` challenge sends clients
// here; with the right Basic credentials it answers a JWT (RS256, its
// certificate in the `x5c` header) granting the scope's actions, which the
// distribution registry verifies against the same certificate as its root
// bundle. Counts the tokens it issued.
import { createSign, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  certFile: string;
  issued: number;
  stop(): Promise<void>;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export async function startTokenServer(dir: string, user: string, password: string): Promise<TokenServer> {
  const key = path.join(dir, 'token.key');
  const certFile = path.join(dir, 'token.crt');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certFile, '-days', '2', '-subj', '/CN=pg-token-issuer'],
    {
      stdio: 'ignore',
    },
  );
  const der = new X509Certificate(readFileSync(certFile)).raw;
  const privateKey = readFileSync(key);
  const issuer = 'pg-test-issuer';
  const service = 'pg-test-registry';
  const state = { issued: 0 };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const auth = req.headers.authorization ?? '';
    const ok = auth === `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    if (!ok) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      return void res.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
    }
    const access = url.searchParams.getAll('scope').map((s) => {
      const [type, name, actions] = s.split(':');
      return { type, name, actions: actions.split(',') };
    });
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c: [der.toString('base64')] }));
    const claims = b64url(
      JSON.stringify({
        iss: issuer,
        sub: user,
        aud: service,
        exp: now + 600,
        nbf: now - 10,
        iat: now,
        jti: String(now + state.issued),
        access,
      }),
    );
    const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(privateKey);
    state.issued++;
    const token = `${header}.${claims}.${b64url(signature)}`;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: 600 }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certFile,
    get issued() {
      return state.issued;
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
