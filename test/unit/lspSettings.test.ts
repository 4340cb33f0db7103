import assert from 'node:assert/strict';
import { SettingsCache, normalizeSettings } from '../../server/src/lsp/settings';
import { goToolsEnv, normalizeVscodeGoSettings, substituteToolsEnvValue } from '../../server/src/lsp/vscodeGoSettings';
import { DEFAULT_SETTINGS } from '../../shared/protocol';

describe('lsp settings', () => {
  it('pulls per scope, caches, and pulls again after clear()', async () => {
    const asked: string[] = [];
    const cache = new SettingsCache(async (scope, section) => {
      asked.push(`${section}@${scope}`);
      return scope.endsWith('/a') ? { goPath: '/go/a', severity: 'error' } : { goos: 'darwin' };
    });
    assert.equal((await cache.get('file:///w/a')).goPath, '/go/a');
    assert.equal((await cache.get('file:///w/a')).severity, 'error');
    assert.equal((await cache.get('file:///w/b')).goos, 'darwin');
    assert.deepEqual(asked, ['preemptGuard@file:///w/a', 'preemptGuard@file:///w/b']);
    cache.clear();
    await cache.get('file:///w/a');
    assert.equal(asked.length, 3);
  });

  it('without pull support: what the client pushed, else the defaults', async () => {
    const cache = new SettingsCache(undefined);
    assert.deepEqual(await cache.get('file:///w'), DEFAULT_SETTINGS);
    cache.setPushed({ preemptGuard: { goPath: '/usr/local/go/bin/go', scanDependencies: true } });
    assert.deepEqual(await cache.get('file:///w'), { ...DEFAULT_SETTINGS, goPath: '/usr/local/go/bin/go', scanDependencies: true });
    cache.setPushed(null);
    assert.deepEqual(await cache.get('file:///w'), DEFAULT_SETTINGS);
  });

  it('a failing client request falls back to the defaults and is asked again next time', async () => {
    let calls = 0;
    const logs: string[] = [];
    const cache = new SettingsCache(
      async () => {
        calls++;
        throw new Error('no');
      },
      (m) => logs.push(m),
    );
    assert.deepEqual(await cache.get('file:///w'), DEFAULT_SETTINGS);
    await cache.get('file:///w');
    assert.equal(calls, 2);
    assert.match(logs[0], /workspace\/configuration failed for file:\/\/\/w: no; using defaults/);
  });

  it('normalizes field by field and says what it ignored', () => {
    const logs: string[] = [];
    const s = normalizeSettings(
      { goPath: 3, buildFlags: [' -tags=x ', ''], goos: 'windows', analyzeOnSave: false, severity: 'hint' },
      (m) => logs.push(m),
    );
    assert.deepEqual(s, { ...DEFAULT_SETTINGS, buildFlags: ['-tags=x'], analyzeOnSave: false, severity: 'hint' });
    assert.deepEqual(logs, [
      'ignoring setting preemptGuard.goPath=3: wrong type or value',
      'ignoring setting preemptGuard.goos="windows": wrong type or value',
    ]);
    assert.deepEqual(normalizeSettings(null), DEFAULT_SETTINGS);
  });

  it("pulls vscode-go's section per scope, caches it, and drops it on clear()", async () => {
    const asked: string[] = [];
    const cache = new SettingsCache(async (scope, section) => {
      asked.push(`${section}@${scope}`);
      return section === 'go'
        ? { goroot: '/opt/go', alternateTools: { go: 'go-wrapper' }, toolsEnvVars: { GOFLAGS: '-mod=mod', BAD: 3 } }
        : {};
    });
    assert.deepEqual(await cache.goSettings('file:///w'), {
      goroot: '/opt/go',
      alternateGo: 'go-wrapper',
      toolsEnvVars: { GOFLAGS: '-mod=mod' },
    });
    await cache.goSettings('file:///w');
    assert.deepEqual(asked, ['go@file:///w']);
    cache.clear();
    await cache.goSettings('file:///w');
    assert.equal(asked.length, 2);
  });

  it('without pull support: the pushed `go` section', async () => {
    const cache = new SettingsCache(undefined);
    assert.deepEqual(await cache.goSettings('file:///w'), { toolsEnvVars: {} });
    cache.setPushed({ go: { goroot: '~/sdk/go1.24.4' } });
    assert.deepEqual(await cache.goSettings('file:///w'), { goroot: '~/sdk/go1.24.4', toolsEnvVars: {} });
  });

  it('go.toolsEnvVars go on top of the environment; bad fields are ignored and logged', () => {
    const logs: string[] = [];
    const vs = normalizeVscodeGoSettings(
      { goroot: 5, alternateTools: { gopls: 'x' }, toolsEnvVars: { GOTOOLCHAIN: 'local', GOPROXY: 'off', 'A B': 'x' } },
      (m) => logs.push(m),
    );
    assert.deepEqual(vs, { toolsEnvVars: { GOTOOLCHAIN: 'local', GOPROXY: 'off' } });
    assert.equal(logs.length, 2);
    assert.deepEqual(goToolsEnv({ PATH: '/bin', GOTOOLCHAIN: 'auto' }, vs), { PATH: '/bin', GOTOOLCHAIN: 'local', GOPROXY: 'off' });
  });

  it("go.toolsEnvVars get vscode-go's substitutions: ${workspaceFolder}, ${workspaceRoot}, ${env:NAME}, a leading ~", () => {
    const env = { HOME: '/home/u', CACHE: '/var/cache' };
    const scope = { workspaceFolder: '/w/app', home: '/home/u' };
    assert.equal(substituteToolsEnvValue('${workspaceFolder}/go.env', env, scope), '/w/app/go.env');
    assert.equal(substituteToolsEnvValue('-modfile=${workspaceRoot}/alt.mod', env, scope), '-modfile=/w/app/alt.mod');
    assert.equal(substituteToolsEnvValue('${env:CACHE}/go-build', env, scope), '/var/cache/go-build');
    assert.equal(substituteToolsEnvValue('${env:MISSING}x', env, scope), 'x');
    assert.equal(substituteToolsEnvValue('~/sdk/go', env, scope), '/home/u/sdk/go');
    assert.equal(substituteToolsEnvValue('-tags=a,b ${other}', env, scope), '-tags=a,b ${other}', 'other text stays');
    assert.equal(substituteToolsEnvValue('${workspaceFolder}/x', env, {}), '${workspaceFolder}/x', 'no folder: left as is');
    assert.deepEqual(goToolsEnv({ CACHE: '/c', GOFLAGS: '' }, { toolsEnvVars: { GOCACHE: '${env:CACHE}/g' } }, scope), {
      CACHE: '/c',
      GOFLAGS: '',
      GOCACHE: '/c/g',
    });
  });
});
