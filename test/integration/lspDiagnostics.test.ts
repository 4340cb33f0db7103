// Protocol tests: the real server (node dist/server.js --stdio) with real
// toolchains, exact diagnostics per toolchain, settings per resource.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient, goBinary, goVersion, messageText, uriOf } from '../support/lspClient';
import { copyFixture, serverEnv, serverSessions } from '../support/lspFixtures';

const SEV = ['', 'E', 'W', 'I', 'H'];

/** `line:start-end S code message-start`, sorted: what a person sees in the Problems list. */
function summary(diags: Diagnostic[], prefix = 64): string[] {
  return diags
    .map(
      (d) =>
        `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${SEV[d.severity ?? 0]} ${d.code} ${messageText(d).slice(0, prefix)}`,
    )
    .sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b));
}

const SP_CHECKSUM = "Split SP pop in main.checksum's epilogue (128 KiB frame, leaf): a preemption here crashes the GC";
const SP_FILL = "Split SP pop in main.fill's epilogue (128 KiB frame, non-leaf): a preemption here crashes the GC";
const DEMO_LEAF = [`16:1-7 W split-sp-update ${SP_CHECKSUM}`];
const DEMO_NONLEAF = [`30:2-8 W split-sp-update ${SP_FILL}`, `34:1-7 W split-sp-update ${SP_FILL}`];

describe('lsp: diagnostics per toolchain (real server over stdio)', function () {
  this.timeout(300_000);
  const { start, onCleanup } = serverSessions();

  it('go1.24: one short plain-text Warning per return line of the leaf and the non-leaf function, the declaration as related information; go.mod in one line', async () => {
    const { dir, client, init } = await start('e2e-demo', { settings: () => ({ goPath: goBinary('1.24') }) });
    assert.equal(init.serverInfo?.name, 'preempt-guard');
    const main = path.join(dir, 'main.go');
    await client.open(main);
    const st = await client.waitForResult(dir);
    const v124 = goVersion('1.24');
    assert.equal(st.state, 'affected');
    assert.equal(st.toolchain?.version, v124);
    assert.equal(st.toolchain?.nonLeafFixed, false);
    // checksum's one return splits its SP pop and its frame-pointer restore: 4 findings, 3 hazards.
    assert.deepEqual([st.findings, st.leafFindings, st.hazards], [4, 2, 3]);
    assert.deepEqual(summary(client.diagnosticsOf(main), 200), [...DEMO_LEAF, ...DEMO_NONLEAF]);

    const diags = client.diagnosticsOf(main);
    const returnLines = [16, 30, 34];
    for (const line of returnLines) {
      assert.equal(diags.filter((d) => d.range.start.line === line && d.severity === 2).length, 1, `one Warning at line ${line + 1}`);
    }
    assert.deepEqual(
      diags.filter((d) => !returnLines.includes(d.range.start.line)),
      [],
      'nothing on the declarations',
    );
    for (const d of diags) {
      assert.equal(d.source, 'preempt-guard');
      assert.deepEqual(d.codeDescription, { href: 'https://github.com/golang/go/issues/73259' });
      const m = messageText(d);
      assert.ok(m.length <= 120, `${m.length} characters: ${m}`);
      assert.doesNotMatch(m, /`|\*\*|\n|\]\(/, 'plain text, no markdown');
    }
    const declOf = (d: Diagnostic) => d.relatedInformation?.map((r) => [r.location.uri, r.location.range, r.message]);
    const fillDecl = [
      [
        uriOf(main),
        { start: { line: 27, character: 5 }, end: { line: 27, character: 9 } },
        'main.fill declared here (128 KiB frame, non-leaf)',
      ],
    ];
    assert.deepEqual(declOf(diags.find((d) => d.range.start.line === 30)!), fillDecl);
    assert.deepEqual(declOf(diags.find((d) => d.range.start.line === 34)!), fillDecl);
    assert.deepEqual(declOf(diags.find((d) => d.range.start.line === 16)!), [
      [
        uriOf(main),
        { start: { line: 13, character: 5 }, end: { line: 13, character: 13 } },
        'main.checksum declared here (128 KiB frame, leaf)',
      ],
    ]);

    const gomod = client.diagnosticsOf(path.join(dir, 'go.mod'));
    assert.deepEqual(summary(gomod, 400), [
      `2:0-7 W toolchain-splits-non-leaf ${v124} splits the SP pop of 2 non-leaf epilogues here; toolchain go1.24.6 fixes them (quick fix)`,
    ]);
  });

  it('go1.26: only the leaf function is flagged, nothing on go.mod', async () => {
    const { dir, client } = await start('e2e-demo', { settings: () => ({ goPath: goBinary('1.26') }) });
    const main = path.join(dir, 'main.go');
    await client.open(main);
    const st = await client.waitForResult(dir);
    assert.equal(st.toolchain?.version, goVersion('1.26'));
    assert.equal(st.toolchain?.nonLeafFixed, true);
    assert.deepEqual([st.state, st.findings, st.leafFindings, st.hazards], ['affected', 2, 2, 1]);
    assert.deepEqual(summary(client.diagnosticsOf(main), 200), DEMO_LEAF);
    assert.deepEqual(client.diagnosticsOf(path.join(dir, 'go.mod')), []);
  });

  it('methods, closures, generics, exact 4 KiB multiples: names and ranges (go1.24 vs go1.26)', async () => {
    for (const [minor, nonLeaf] of [
      ['1.24', true],
      ['1.26', false],
    ] as const) {
      const { dir, client } = await start('frames', { settings: () => ({ goPath: goBinary(minor) }) });
      const shapes = path.join(dir, 'shapes.go');
      await client.open(shapes);
      await client.waitForResult(dir);
      assert.deepEqual(
        summary(client.diagnosticsOf(shapes), 200),
        [
          "9:1-7 W split-sp-update Split SP pop in frames.(*Buffer).Fill's epilogue (64 KiB frame, leaf): a preemption here crashes the GC",
          "17:2-8 W split-sp-update Split SP pop in frames.MakeClosure.func1's epilogue (64 KiB frame, leaf): a preemption here crashes the GC",
          "27:1-7 W split-sp-update Split SP pop in frames.Generic[go.shape.uint]'s epilogue (64 KiB frame, leaf): a preemption here crashes the GC",
        ],
        `go${minor}`,
      );
      // The declarations are related information, named as in the source: method, closure, generic.
      assert.deepEqual(
        client
          .diagnosticsOf(shapes)
          .map((d) => d.relatedInformation?.map((r) => `${r.location.range.start.line}:${r.location.range.start.character}`)),
        [['6:17'], ['14:8'], ['24:5']],
      );
      const leaf = client.diagnosticsOf(path.join(dir, 'leaf.go'));
      // 69632 = 17 * 4096: one `add sp, sp, #0x11, lsl #12`, only the R29 restore splits: an Information, not a warning.
      assert.deepEqual(
        summary(
          leaf.filter((d) => d.range.start.line >= 48 && d.range.start.line <= 52),
          200,
        ),
        [
          "51:1-7 I split-fp-restore Split FP restore in frames.LeafMultiple4K's epilogue (68 KiB frame, leaf): frame-pointer unwinds may break",
        ],
      );
      // LeafManyReturns: one Warning per return, none on its declaration (line 65).
      assert.deepEqual(
        leaf
          .filter((d) => d.relatedInformation?.[0].location.range.start.line === 64)
          .map((d) => `${d.range.start.line} ${SEV[d.severity!]}`),
        ['68 W', '71 W', '73 W'],
      );
      assert.equal(leaf.filter((d) => d.range.start.line === 64).length, 0);
      const nonleaf = client.diagnosticsOf(path.join(dir, 'nonleaf.go'));
      assert.deepEqual(
        summary(nonleaf, 200),
        nonLeaf
          ? [
              "10:1-7 W split-sp-update Split SP pop in frames.NonLeafAbove64K's epilogue (64 KiB frame, non-leaf): a preemption here crashes the GC",
            ]
          : [],
      );
      await client.stop();
    }
  });

  it('settings are pulled per module (multi-root): each folder with its own go and severity', async () => {
    const a = copyFixture('e2e-demo');
    const b = copyFixture('frames');
    onCleanup(a.cleanup, b.cleanup);
    const byRoot: Record<string, object> = {
      [uriOf(a.dir)]: { goPath: goBinary('1.24'), severity: 'error' },
      [uriOf(b.dir)]: { goPath: goBinary('1.26'), severity: 'information' },
    };
    const { client } = await LspTestClient.start({
      rootDir: a.dir,
      workspaceFolders: [a.dir, b.dir],
      env: serverEnv(),
      settings: (scope) => byRoot[scope] ?? {},
    });
    onCleanup(() => client.stop());
    await client.open(path.join(a.dir, 'main.go'));
    await client.open(path.join(b.dir, 'nonleaf.go'));
    await client.waitForResult(a.dir);
    await client.waitForResult(b.dir);
    assert.equal(client.status(a.dir)?.toolchain?.version, goVersion('1.24'));
    assert.equal(client.status(b.dir)?.toolchain?.version, goVersion('1.26'));
    assert.ok(
      client.configurationRequests.includes(uriOf(a.dir)) && client.configurationRequests.includes(uriOf(b.dir)),
      client.configurationRequests.join(),
    );
    // severity 'error': the crash hazards are Errors.
    assert.deepEqual(summary(client.diagnosticsOf(path.join(a.dir, 'main.go')), 0), [
      '16:1-7 E split-sp-update ',
      '30:2-8 E split-sp-update ',
      '34:1-7 E split-sp-update ',
    ]);
    // severity 'information' in the other folder; a frame-pointer split alone one level lower.
    assert.deepEqual(summary(client.diagnosticsOf(path.join(b.dir, 'leaf.go')), 0).slice(0, 2), [
      '44:1-7 I split-sp-update ',
      '51:1-7 H split-fp-restore ',
    ]);
    assert.deepEqual(client.diagnosticsOf(path.join(b.dir, 'nonleaf.go')), []);
  });

  it('didChangeConfiguration drops the cache and re-analyses: switching go1.24 -> go1.26 clears the non-leaf diagnostics', async () => {
    let go = goBinary('1.24');
    const { dir, client } = await start('e2e-demo', { settings: () => ({ goPath: go }) });
    const main = path.join(dir, 'main.go');
    await client.open(main);
    await client.waitForResult(dir);
    assert.equal(client.diagnosticsOf(main).length, 3);
    const since = client.statuses.length;
    go = goBinary('1.26');
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    const st = await client.waitForResult(dir, since);
    assert.equal(st.toolchain?.version, goVersion('1.26'));
    assert.deepEqual(summary(client.diagnosticsOf(main), 200), DEMO_LEAF);
    // go.mod's diagnostic was published before; now it is cleared explicitly.
    assert.deepEqual(client.diagnosticsOf(path.join(dir, 'go.mod')), []);
    assert.ok(client.publishes.some((p) => p.uri === uriOf(path.join(dir, 'go.mod')) && p.count === 0));
  });

  it('a client without workspace/configuration (like neovim) gets the defaults: the go on PATH', async () => {
    const bin = path.dirname(goBinary('1.24'));
    const { dir, client } = await start('e2e-demo', { env: serverEnv({ PATH: `${bin}${path.delimiter}${process.env.PATH}` }) });
    await client.open(path.join(dir, 'main.go'));
    const st = await client.waitForResult(dir);
    assert.equal(st.toolchain?.version, goVersion('1.24'));
    assert.equal(st.toolchain?.why, `first go on PATH (${bin})`);
    assert.deepEqual(client.configurationRequests, []);
    assert.equal(client.diagnosticsOf(path.join(dir, 'main.go')).length, 3);
  });
});
