// Protocol tests: the real server (node dist/server.js --stdio) with real
// toolchains, exact diagnostics per toolchain, settings per resource.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient, goBinary, messageText, uriOf } from '../support/lspClient';
import { copyFixture, serverEnv, serverSessions } from '../support/lspFixtures';
import { installedToolchain } from '../support/toolchains';

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

const DEMO_LEAF = [
  '13:5-13 W split-sp-update main.checksum (leaf, frame 131088 bytes): 1 return site pops the',
  '16:1-7 I split-fp-restore Split frame-pointer restore in the leaf epilogue of main.checksu',
  '16:1-7 W split-sp-update Split stack-pointer update in the epilogue of main.checksum (fra',
];
const DEMO_NONLEAF = [
  '27:5-9 W split-sp-update main.fill (non-leaf, frame 131104 bytes): 2 return sites pop the',
  '30:2-8 W split-sp-update Split stack-pointer update in the epilogue of main.fill (frame 1',
  '34:1-7 W split-sp-update Split stack-pointer update in the epilogue of main.fill (frame 1',
];

describe('lsp: diagnostics per toolchain (real server over stdio)', function () {
  this.timeout(300_000);
  const { start, onCleanup } = serverSessions();

  it('go1.24: the leaf and the non-leaf function are flagged, go.mod says the toolchain splits non-leaf epilogues', async () => {
    const { dir, client, init } = await start('e2e-demo', { settings: () => ({ goPath: goBinary('1.24') }) });
    assert.equal(init.serverInfo?.name, 'preempt-guard');
    const main = path.join(dir, 'main.go');
    await client.open(main);
    const st = await client.waitForResult(dir);
    assert.equal(st.state, 'affected');
    assert.equal(st.toolchain?.version, installedToolchain('1.24').version);
    assert.equal(st.toolchain?.nonLeafFixed, false);
    assert.deepEqual([st.findings, st.leafFindings], [4, 2]);
    assert.deepEqual(summary(client.diagnosticsOf(main)), [...DEMO_LEAF, ...DEMO_NONLEAF]);

    const diags = client.diagnosticsOf(main);
    for (const d of diags) {
      assert.equal(d.source, 'preempt-guard');
      assert.deepEqual(d.codeDescription, { href: 'https://github.com/golang/go/issues/73259' });
    }
    const fillReturn = diags.find((d) => d.range.start.line === 30)!;
    assert.equal(
      messageText(fillReturn),
      'Split stack-pointer update in the epilogue of main.fill (frame 131104 bytes): `add sp, sp, #0x20` then `add sp, sp, #0x20, lsl #12`. ' +
        "If async preemption (SIGURG) lands between the two instructions, the garbage collector's stack unwinder sees SP moved part-way and reads a garbage return address: " +
        'the process dies with `fatal error: traceback did not unwind completely`, `fatal error: unknown caller pc`, or `SIGSEGV ... addr=0x118` in runtime.(*unwinder).next (golang/go#73259). ' +
        `Non-leaf function: upgrading the toolchain from ${installedToolchain('1.24').version} to go1.24.6 or later fixes it (\`toolchain go1.24.6\` in go.mod).`,
    );
    assert.deepEqual(fillReturn.relatedInformation, [
      {
        location: { uri: uriOf(main), range: { start: { line: 27, character: 5 }, end: { line: 27, character: 9 } } },
        message: 'main.fill declared here (non-leaf, frame 131104 bytes)',
      },
    ]);
    const fillDecl = diags.find((d) => d.range.start.line === 27)!;
    assert.deepEqual(
      fillDecl.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message]),
      [
        [uriOf(main), 30, 'return site: `add sp, sp, #0x20` then `add sp, sp, #0x20, lsl #12`'],
        [uriOf(main), 34, 'return site: `add sp, sp, #0x20` then `add sp, sp, #0x20, lsl #12`'],
      ],
    );
    const leafDecl = diags.find((d) => d.range.start.line === 13)!;
    assert.match(
      messageText(leafDecl),
      /Leaf function: a toolchain upgrade does not help \(go1\.26 and go1\.27 still split leaf epilogues\); change the code: move the large local to the heap/,
    );

    const gomod = client.diagnosticsOf(path.join(dir, 'go.mod'));
    assert.deepEqual(summary(gomod, 400), [
      `2:0-7 W toolchain-splits-non-leaf ${installedToolchain('1.24').version} (the toolchain that ran, configured: ${goBinary('1.24')}) splits the stack-pointer update of non-leaf epilogues with frames of 64 KiB and more (golang/go#73259). ` +
        '2 of the 4 findings in this module are non-leaf: go1.24.6 fixes them (quick fix: set `toolchain go1.24.6`).',
    ]);
  });

  it('go1.26: only the leaf function is flagged, nothing on go.mod', async () => {
    const { dir, client } = await start('e2e-demo', { settings: () => ({ goPath: goBinary('1.26') }) });
    const main = path.join(dir, 'main.go');
    await client.open(main);
    const st = await client.waitForResult(dir);
    assert.equal(st.toolchain?.version, installedToolchain('1.26').version);
    assert.equal(st.toolchain?.nonLeafFixed, true);
    assert.deepEqual([st.state, st.findings, st.leafFindings], ['affected', 2, 2]);
    assert.deepEqual(summary(client.diagnosticsOf(main)), DEMO_LEAF);
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
        summary(client.diagnosticsOf(shapes), 40),
        [
          '6:17-21 W split-sp-update example.com/frames.(*Buffer).Fill (leaf,',
          '9:1-7 I split-fp-restore Split frame-pointer restore in the leaf ',
          '9:1-7 W split-sp-update Split stack-pointer update in the epilog',
          '14:8-12 W split-sp-update example.com/frames.MakeClosure.func1 (le',
          '17:2-8 I split-fp-restore Split frame-pointer restore in the leaf ',
          '17:2-8 W split-sp-update Split stack-pointer update in the epilog',
          '24:5-12 W split-sp-update example.com/frames.Generic[go.shape.uint',
          '27:1-7 I split-fp-restore Split frame-pointer restore in the leaf ',
          '27:1-7 W split-sp-update Split stack-pointer update in the epilog',
        ],
        `go${minor}`,
      );
      const leaf = client.diagnosticsOf(path.join(dir, 'leaf.go'));
      // 69632 = 17 * 4096: one `add sp, sp, #0x11, lsl #12`, only the R29 restore splits.
      assert.deepEqual(
        summary(
          leaf.filter((d) => d.range.start.line >= 48 && d.range.start.line <= 52),
          60,
        ),
        [
          '48:5-19 I split-fp-restore example.com/frames.LeafMultiple4K (leaf, frame 69632 bytes):',
          '51:1-7 I split-fp-restore Split frame-pointer restore in the leaf epilogue of example.',
        ],
      );
      assert.equal(leaf.filter((d) => d.range.start.line === 64).length, 1, 'one declaration diagnostic for LeafManyReturns');
      assert.match(messageText(leaf.find((d) => d.range.start.line === 64)!), /: 3 return sites pop the frame/);
      const nonleaf = client.diagnosticsOf(path.join(dir, 'nonleaf.go'));
      assert.deepEqual(
        summary(nonleaf, 30),
        nonLeaf
          ? ['6:5-20 W split-sp-update example.com/frames.NonLeafAbov', '10:1-7 W split-sp-update Split stack-pointer update in ']
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
    assert.equal(client.status(a.dir)?.toolchain?.version, installedToolchain('1.24').version);
    assert.equal(client.status(b.dir)?.toolchain?.version, installedToolchain('1.26').version);
    assert.ok(
      client.configurationRequests.includes(uriOf(a.dir)) && client.configurationRequests.includes(uriOf(b.dir)),
      client.configurationRequests.join(),
    );
    // severity 'error': the crash hazard is an Error, the frame-pointer split one level lower.
    assert.deepEqual(summary(client.diagnosticsOf(path.join(a.dir, 'main.go')), 0), [
      '13:5-13 E split-sp-update ',
      '16:1-7 E split-sp-update ',
      '16:1-7 W split-fp-restore ',
      '27:5-9 E split-sp-update ',
      '30:2-8 E split-sp-update ',
      '34:1-7 E split-sp-update ',
    ]);
    // severity 'information' in the other folder.
    assert.deepEqual(summary(client.diagnosticsOf(path.join(b.dir, 'leaf.go')), 0).slice(0, 3), [
      '41:5-17 I split-sp-update ',
      '44:1-7 H split-fp-restore ',
      '44:1-7 I split-sp-update ',
    ]);
    assert.deepEqual(client.diagnosticsOf(path.join(b.dir, 'nonleaf.go')), []);
  });

  it('didChangeConfiguration drops the cache and re-analyses: switching go1.24 -> go1.26 clears the non-leaf diagnostics', async () => {
    let go = goBinary('1.24');
    const { dir, client } = await start('e2e-demo', { settings: () => ({ goPath: go }) });
    const main = path.join(dir, 'main.go');
    await client.open(main);
    await client.waitForResult(dir);
    assert.equal(client.diagnosticsOf(main).length, 6);
    const since = client.statuses.length;
    go = goBinary('1.26');
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    const st = await client.waitForResult(dir, since);
    assert.equal(st.toolchain?.version, installedToolchain('1.26').version);
    assert.deepEqual(
      summary(client.diagnosticsOf(main)).map((s) => s.slice(0, 10)),
      DEMO_LEAF.map((s) => s.slice(0, 10)),
    );
    // go.mod's diagnostic was published before; now it is cleared explicitly.
    assert.deepEqual(client.diagnosticsOf(path.join(dir, 'go.mod')), []);
    assert.ok(client.publishes.some((p) => p.uri === uriOf(path.join(dir, 'go.mod')) && p.count === 0));
  });

  it('a client without workspace/configuration (like neovim) gets the defaults: the go on PATH', async () => {
    const bin = path.dirname(goBinary('1.24'));
    const { dir, client } = await start('e2e-demo', { env: serverEnv({ PATH: `${bin}${path.delimiter}${process.env.PATH}` }) });
    await client.open(path.join(dir, 'main.go'));
    const st = await client.waitForResult(dir);
    assert.equal(st.toolchain?.version, installedToolchain('1.24').version);
    assert.equal(st.toolchain?.why, `first go on PATH (${bin})`);
    assert.deepEqual(client.configurationRequests, []);
    assert.equal(client.diagnosticsOf(path.join(dir, 'main.go')).length, 6);
  });
});
