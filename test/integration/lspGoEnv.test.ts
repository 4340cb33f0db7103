// vscode-go's go.toolsEnvVars reach the builds with vscode-go's substitutions:
// a per-workspace GOENV file named with ${workspaceFolder} sets GOFLAGS=-tags=...,
// and only with that tag does the package contain the leaf with a split epilogue.
// Real server over stdio, real go1.26.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { goBinary, uriOf } from '../support/lspClient';
import { serverSessions } from '../support/lspFixtures';

describe('lsp: go.toolsEnvVars with ${workspaceFolder} (real server, go1.26)', function () {
  this.timeout(180_000);
  const { start } = serverSessions();

  it('GOENV=${workspaceFolder}/go.env selects the build tag that holds the hazard', async () => {
    const { dir, client } = await start('workspace/worker', {
      settings: (_scope, section) =>
        section === 'go' ? { toolsEnvVars: { GOENV: '${workspaceFolder}/go.env' } } : { goPath: goBinary('1.26') },
    });
    const worker = path.join(dir, 'worker.go');
    writeFileSync(worker, `//go:build pgbig\n\n${readFileSync(worker, 'utf8')}`);
    writeFileSync(path.join(dir, 'doc.go'), '// Package worker builds without the tag too.\npackage worker\n');
    writeFileSync(path.join(dir, 'go.env'), 'GOFLAGS=-tags=pgbig\n');
    await client.open(worker);
    const status = await client.waitForResult(dir);
    assert.equal(status.state, 'affected', JSON.stringify(status));
    const diags = client.diagnostics.get(uriOf(worker)) ?? [];
    assert.deepEqual(
      diags.map((d) => [d.code, d.range.start.line + 1]),
      [['split-sp-update', 10]],
      'Crunch: one diagnostic on its return (two lines down from the fixture), the declaration as related information',
    );
  });
});
