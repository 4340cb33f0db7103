// What the VS Code language status item says for each server state, and the
// pure helpers of the client (asm document address, function at cursor).
import * as assert from 'node:assert/strict';
import type { FunctionSummary, ModuleStatus } from '../../shared/protocol';
import type { ToolchainInfo } from '../../server/src/core/types';
import { moduleFor, statusView } from '../../client/src/statusText';
import { asmPath, asmQuery, parseAsmQuery } from '../../client/src/asmUri';
import { functionAtLine } from '../../client/src/functionAtCursor';

const tc = (version: string, nonLeafFixed: boolean, requested?: string): ToolchainInfo => ({
  path: `/opt/${version}/bin/go`,
  why: 'setting preemptGuard.goPath',
  version,
  goos: 'linux',
  goarch: 'arm64',
  nonLeafFixed,
  requested,
});
const mod = (moduleRoot: string, over: Partial<ModuleStatus>): ModuleStatus => ({
  moduleRoot,
  state: 'affected',
  findings: 0,
  leafFindings: 0,
  ...over,
});

describe('client status item text', function () {
  it('waits before the first report', function () {
    assert.deepEqual(statusView([]), {
      text: 'Preempt Guard',
      detail: 'waiting for the first analysis',
      severity: 'information',
      busy: false,
    });
  });

  it('one glance: toolchain and hazard count as text; module, verdict and last analysis time as detail', function () {
    const v = statusView(
      [mod('/w/a', { toolchain: tc('go1.24.4', false), findings: 4, leafFindings: 2, hazards: 3 })],
      '/w/a/main.go',
      new Map([['/w/a', '17:42:05']]),
    );
    assert.deepEqual(v, {
      text: 'go1.24.4 · 3 hazards',
      detail: 'a, last analysis 17:42:05',
      severity: 'warning',
      busy: false,
    });
  });

  it('fixed toolchain, go.mod asking for another one', function () {
    const v = statusView(
      [
        mod('/w/a', {
          state: 'clean',
          toolchain: tc('go1.26.10', true, 'go1.24.6'),
          hazards: 0,
          message: 'go.mod asks for go1.24.6, but go1.26.10 ran',
        }),
      ],
      '/w/a/x.go',
    );
    assert.deepEqual(v, {
      text: 'go1.26.10 · no hazards',
      detail: 'a · go.mod asks for go1.24.6, but go1.26.10 ran',
      severity: 'information',
      busy: false,
    });
  });

  it('analysing is busy and keeps the last toolchain', function () {
    const v = statusView([mod('/w/a', { state: 'analysing', toolchain: tc('go1.24.4', false) })], '/w/a/x.go');
    assert.equal(v.text, 'go1.24.4: analysing…');
    assert.equal(v.busy, true);
  });

  it('untrusted says nothing was analysed', function () {
    const v = statusView([mod('/w/a', { state: 'untrusted', message: 'Workspace not trusted: nothing is built.' })]);
    assert.deepEqual(v, {
      text: 'untrusted: not analysed',
      detail: 'Workspace not trusted: nothing is built.',
      severity: 'warning',
      busy: false,
    });
  });

  it('failed build is an error pointing at the log', function () {
    const v = statusView(
      [mod('/w/a', { state: 'failed', toolchain: tc('go1.24.4', false), message: 'main.go:3: undefined: x' })],
      '/w/a/main.go',
    );
    assert.deepEqual(v, {
      text: 'go1.24.4: build failed',
      detail: 'main.go:3: undefined: x (see the log)',
      severity: 'error',
      busy: false,
    });
  });

  it('picks the innermost module of the active file, summarises otherwise', function () {
    const ms = [
      mod('/w', { toolchain: tc('go1.24.4', false), findings: 1 }),
      mod('/w/sub', { toolchain: tc('go1.26.10', true), findings: 2, leafFindings: 2 }),
    ];
    assert.equal(moduleFor(ms, '/w/sub/a.go')?.moduleRoot, '/w/sub');
    assert.equal(moduleFor(ms, '/w/subway/a.go')?.moduleRoot, '/w');
    assert.equal(moduleFor(ms, '/elsewhere/a.go'), undefined);
    const at = new Map([
      ['/w', '17:40:00'],
      ['/w/sub', '17:41:30'],
    ]);
    assert.deepEqual(statusView(ms, '/w/sub/a.go', at), {
      text: 'go1.26.10 · 2 hazards',
      detail: 'sub, last analysis 17:41:30; w: go1.24.4 (splits non-leaf), 1 hazard',
      severity: 'warning',
      busy: false,
    });
    assert.deepEqual(statusView(ms, '/elsewhere/a.go', at), {
      text: '2 modules, 3 hazards',
      detail: 'w: go1.24.4 (splits non-leaf), 1 hazard; sub: go1.26.10 (fixed for non-leaf), 2 hazards · last analysis 17:41:30',
      severity: 'warning',
      busy: false,
    });
  });
});

describe('client helpers', function () {
  it('assembly document address round-trips', function () {
    const t = { symbol: 'main.(*T).m', uri: 'file:///w/a%20b/main.go' };
    assert.equal(asmPath(t.symbol), '/main.(*T).m.s');
    assert.equal(asmPath('a/b.c'), '/a_b.c.s');
    assert.deepEqual(parseAsmQuery(asmQuery(t)), t);
    assert.equal(parseAsmQuery('nope'), undefined);
    assert.equal(parseAsmQuery('{"symbol":1}'), undefined);
  });

  it('function at the cursor is the last declaration above it in the same file', function () {
    const fns: FunctionSummary[] = [
      { symbol: 'main.a', file: '/w/main.go', declLine: 10, findings: 1 },
      { symbol: 'main.b', file: '/w/main.go', declLine: 30, findings: 2 },
      { symbol: 'main.c', file: '/w/other.go', declLine: 20, findings: 1 },
    ];
    assert.equal(functionAtLine(fns, '/w/main.go', 'file:///w/main.go', 25)?.symbol, 'main.a');
    assert.equal(functionAtLine(fns, '/w/main.go', 'file:///w/main.go', 30)?.symbol, 'main.b');
    assert.equal(functionAtLine(fns, '/w/main.go', 'file:///w/main.go', 5), undefined);
    assert.equal(functionAtLine([{ ...fns[0], file: 'file:///w/main.go' }], '/w/main.go', 'file:///w/main.go', 11)?.symbol, 'main.a');
  });
});
