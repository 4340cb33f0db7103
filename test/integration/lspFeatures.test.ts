// Protocol tests: hover, quick fixes and the edits they produce (go.mod byte
// for byte, heap fix applied -> saved -> re-analysed -> gone), the custom
// requests and work-done progress. Real server, real toolchains.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { REPO, goBinary, goVersion, uriOf } from '../support/lspClient';
import { copyFixture, serverSessions } from '../support/lspFixtures';
import { installedToolchain } from '../support/toolchains';

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'text', 1, text), edits);
}

/** The action's edits of `file`, which must name the document version they were computed for (null: the disk file). */
function editsFor(action: CodeAction, file: string, version: number | null): TextEdit[] {
  const changes = action.edit?.documentChanges ?? [];
  assert.equal(action.edit?.changes, undefined, 'versioned edits only');
  const doc = changes.find((c) => 'textDocument' in c && c.textDocument.uri === uriOf(file));
  assert.ok(doc && 'edits' in doc, `action "${action.title}" edits ${file}: ${JSON.stringify(action.edit)}`);
  assert.equal(doc.textDocument.version, version, `version of ${file} the edit was computed for`);
  return doc.edits as TextEdit[];
}

/** Local 128 KiB arrays on the stack in the e2e-demo source. */
const stackArrays = (text: string) => text.split('var buf [1 << 17]byte').length - 1;

const line = (n: number, from = 0, to = 200) => ({ start: { line: n, character: from }, end: { line: n, character: to } });

describe('lsp: hover, quick fixes, requests (real server over stdio)', function () {
  this.timeout(300_000);
  const { start, onCleanup } = serverSessions();

  async function demo(minor: string) {
    const { dir, client } = await start('e2e-demo', { settings: () => ({ goPath: goBinary(minor) }) });
    const main = path.join(dir, 'main.go');
    await client.open(main);
    await client.waitForResult(dir);
    return { dir, client, main, gomod: path.join(dir, 'go.mod') };
  }

  /** The `command:` links of a hover: [title, command, arguments]. */
  function commandLinks(md: string): [string, string, unknown[]][] {
    return [...md.matchAll(/\[([^\]]+)\]\(command:([\w.]+)(?:\?([^)]*))?\)/g)].map((m) => [
      m[1],
      m[2],
      m[3] ? (JSON.parse(decodeURIComponent(m[3])) as unknown[]) : [],
    ]);
  }

  it('hover in markdown: the split pair as code, why it crashes, the fix with the toolchain that ran, command links; the fix link applies the fix', async () => {
    const { client, main, gomod } = await demo('1.24');
    const v124 = goVersion('1.24');
    const ret = await client.hover(main, 30, 3);
    assert.ok(ret, 'hover at the non-leaf return');
    assert.equal((ret.contents as MarkupContent).kind, 'markdown');
    assert.deepEqual(ret.range, line(30, 2, 8));
    const md = (ret.contents as MarkupContent).value;
    const paragraphs = md.split('\n\n');
    assert.equal(paragraphs[0], '**Split SP pop** · `main.fill` · 128 KiB frame, non-leaf · return at line 31');
    assert.equal(
      paragraphs[1],
      '```text\n0x0054  add sp, sp, #0x20\n        ⟵ preemption here = crash\n0x0058  add sp, sp, #0x20, lsl #12\n```',
    );
    assert.match(
      paragraphs[2],
      /^A preemption \(SIGURG\) between these two instructions crashes the GC's stack unwinder: `fatal error: traceback did not unwind completely`/,
    );
    assert.equal(
      paragraphs[3],
      `**Fix:** go1.24.6 or later pops this frame atomically (non-leaf function). ${v124} ran (configured: ${goBinary('1.24').replace(/[\\`*_{}[\]()<>#+!|~]/g, '\\$&')}).`,
    );
    assert.ok(md.split('\n').length <= 16, `short enough to read without scrolling: ${md}`);
    const fixTitle = 'Upgrade toolchain to go1.24.6 (fixes 2 of 3 hazards)';
    assert.deepEqual(commandLinks(md), [
      ['Show assembly', 'preemptGuard.showAssembly', ['main.fill', uriOf(main)]],
      ['Run the reproducer', 'preemptGuard.runReproducer', []],
      [fixTitle, 'preemptGuard.applyFix', [{ uri: uriOf(main), line: 30, title: fixTitle }]],
    ]);
    assert.ok(md.endsWith(' · [golang/go#73259](https://github.com/golang/go/issues/73259)'), md);

    // The leaf return: both splits of its epilogue, the leaf remedy, no toolchain fix.
    const leaf = (await client.hover(main, 16, 2))!.contents as MarkupContent;
    assert.match(
      leaf.value,
      /```text\n0x0060 {2}add x29, sp, #8\n {8}⟵ R29 wrong here \(frame-pointer unwinders\)\n0x0064 {2}add x29, x29, #0x20, lsl #12\n0x0068 {2}add sp, sp, #0x10\n {8}⟵ preemption here = crash\n0x006c {2}add sp, sp, #0x20, lsl #12\n```/,
    );
    assert.ok(
      leaf.value.includes('**Fix:** move the large local to the heap or shrink the frame below 64 KiB; no toolchain fixes a leaf function'),
      leaf.value,
    );
    assert.deepEqual(
      commandLinks(leaf.value).map((l) => l[1]),
      ['preemptGuard.showAssembly', 'preemptGuard.runReproducer'],
    );
    // The declaration sums up the function.
    const decl = (await client.hover(main, 27, 6))!.contents as MarkupContent;
    assert.ok(
      decl.value.startsWith('**Split SP pop** · `main.fill` · 128 KiB frame, non-leaf · 2 split returns (lines 31, 35)'),
      decl.value,
    );
    assert.equal(await client.hover(main, 20, 1), null, 'nothing on an unflagged line');

    // Invoke the fix link as the editor does (workspace/executeCommand): the server asks the client to apply the go.mod edit.
    const [, command, args] = commandLinks(md)[2];
    assert.deepEqual(await client.executeCommand(command, args), { applied: true });
    assert.equal(client.appliedEdits.length, 1);
    assert.equal(client.appliedEdits[0].label, fixTitle);
    const [change] = client.appliedEdits[0].edit.documentChanges ?? [];
    assert.ok(change && 'edits' in change && change.textDocument.uri === uriOf(gomod), JSON.stringify(client.appliedEdits));
    assert.equal(
      applyEdits(readFileSync(gomod, 'utf8'), change.edits as TextEdit[]),
      'module example.com/e2edemo\n\ngo 1.24\ntoolchain go1.24.6\n',
    );
    // A fix that is not offered there (any more) applies nothing.
    assert.deepEqual(await client.executeCommand(command, [{ uri: uriOf(main), line: 16, title: fixTitle }]), { applied: false });
    assert.equal(client.appliedEdits.length, 1);
  });

  it('code lenses on the function and its return lines, refreshed after each analysis, gone with preemptGuard.codeLens off', async () => {
    let codeLens = true;
    const { dir, client } = await start('e2e-demo', { settings: () => ({ goPath: goBinary('1.24'), codeLens }) });
    const main = path.join(dir, 'main.go');
    await client.open(main);
    await client.waitForResult(dir);
    await client.waitFor('a lens refresh', () => client.codeLensRefreshes > 0);
    const lenses = async () =>
      (await client.codeLenses(main)).map((l) => `${l.range.start.line} ${l.command?.title} ${l.command?.command || '-'}`);
    assert.deepEqual(await lenses(), [
      '13 frame 128 KiB · 1 split return preemptGuard.showAssembly',
      '16 split SP pop -',
      '16 show assembly preemptGuard.showAssembly',
      '16 reproduce preemptGuard.runReproducer',
      '27 frame 128 KiB · 2 split returns preemptGuard.showAssembly',
      '27 upgrade to go1.24.6 preemptGuard.applyFix',
      '30 split SP pop -',
      '30 show assembly preemptGuard.showAssembly',
      '30 reproduce preemptGuard.runReproducer',
      '34 split SP pop -',
      '34 show assembly preemptGuard.showAssembly',
      '34 reproduce preemptGuard.runReproducer',
    ]);
    codeLens = false;
    const since = client.statuses.length;
    const refreshes = client.codeLensRefreshes;
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.waitForResult(dir, since);
    await client.waitFor('a lens refresh after the setting changed', () => client.codeLensRefreshes > refreshes);
    assert.deepEqual(await lenses(), []);
    assert.equal(client.diagnosticsOf(main).length, 3, 'the diagnostics stay');
  });

  it('toolchain quick fix: offered for non-leaf findings only, title counts, edit keeps go.mod byte for byte', async () => {
    const { client, main, gomod } = await demo('1.24');
    const nonLeaf = await client.codeActionsAt(main, line(30, 2, 8));
    assert.deepEqual(
      nonLeaf.map((a) => a.title),
      ['Upgrade toolchain to go1.24.6 (fixes 2 of 3 hazards)'],
    );
    assert.equal(nonLeaf[0].kind, 'quickfix');
    assert.deepEqual(
      nonLeaf[0].diagnostics?.map((d) => d.range.start.line),
      [30, 34],
    );
    assert.deepEqual(editsFor(nonLeaf[0], gomod, null), [
      { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: 'toolchain go1.24.6\n' },
    ]);
    const onGoMod = await client.codeActionsAt(gomod, line(2, 0, 7));
    assert.deepEqual(
      onGoMod.map((a) => a.title),
      ['Upgrade toolchain to go1.24.6 (fixes 2 of 3 hazards)'],
    );
    assert.deepEqual(
      (await client.codeActionsAt(main, line(16, 1, 7))).filter((a) => a.title.startsWith('Upgrade')),
      [],
      'no toolchain fix on a leaf finding',
    );

    // Realistic go.mod files (test-fixtures/gomod): the edit is computed on go.mod as the editor has it.
    const dir = path.join(REPO, 'test-fixtures', 'gomod');
    const read = (n: string) => readFileSync(path.join(dir, n), 'utf8');
    const expected: Record<string, string | null> = {
      'basic.mod': read('basic.mod').replace('go 1.22\n', 'go 1.22\ntoolchain go1.24.6\n'),
      'comments.mod': read('comments.mod').replace('toolchain go1.23.4 // pinned', 'toolchain go1.24.6 // pinned'),
      'crlf.mod': read('crlf.mod').replace('toolchain go1.23.5\r\n', 'toolchain go1.24.6\r\n'),
      'crlf-no-toolchain.mod': read('crlf-no-toolchain.mod').replace('go 1.24.0\r\n', 'go 1.24.0\r\ntoolchain go1.24.6\r\n'),
      'godebug.mod': read('godebug.mod').replace('toolchain default\n', 'toolchain go1.24.6\n'),
      'no-final-newline.mod': read('no-final-newline.mod') + '\ntoolchain go1.24.6',
      'no-go.mod': read('no-go.mod').replace('module example.com/nogo\n', 'module example.com/nogo\ntoolchain go1.24.6\n'),
      'retract.mod': read('retract.mod').replace('go 1.21.3\n', 'go 1.21.3\ntoolchain go1.24.6\n'),
      'tabs.mod': read('tabs.mod') + 'toolchain go1.24.6\n',
      // go.mod already asks for more than the fix: no action.
      'go-newer.mod': null,
      'toolchain-newer.mod': null,
    };
    let version = 1;
    for (const [name, want] of Object.entries(expected)) {
      const text = read(name);
      if (version === 1)
        await client.notify('textDocument/didOpen', { textDocument: { uri: uriOf(gomod), languageId: 'go.mod', version, text } });
      else await client.notify('textDocument/didChange', { textDocument: { uri: uriOf(gomod), version }, contentChanges: [{ text }] });
      version++;
      const actions = (await client.codeActionsAt(main, line(30, 2, 8))).filter((a) => a.title.startsWith('Upgrade toolchain'));
      if (want === null) {
        assert.deepEqual(actions, [], name);
        continue;
      }
      assert.equal(actions.length, 1, name);
      const edits = editsFor(actions[0], gomod, version - 1);
      assert.equal(edits.length, 1, name);
      assert.equal(applyEdits(text, edits), want, name);
    }
  });

  it('applying the toolchain fix and saving go.mod re-analyses; with GOTOOLCHAIN=local the status says go.mod asks for another toolchain', async () => {
    const { dir, client, main, gomod } = await demo('1.24');
    const [action] = await client.codeActionsAt(main, line(30, 2, 8));
    writeFileSync(gomod, applyEdits(readFileSync(gomod, 'utf8'), editsFor(action, gomod, null)));
    assert.equal(readFileSync(gomod, 'utf8'), 'module example.com/e2edemo\n\ngo 1.24\ntoolchain go1.24.6\n');
    const since = client.statuses.length;
    await client.watchedChange(gomod);
    const st = await client.waitForResult(dir, since);
    const v124 = goVersion('1.24');
    assert.equal(st.toolchain?.version, v124);
    assert.equal(st.toolchain?.requested, 'go1.24.6');
    assert.equal(st.message, `go.mod asks for go1.24.6, but ${v124} ran (GOTOOLCHAIN=local)`);
    const [gd] = client.diagnosticsOf(gomod);
    assert.deepEqual(gd.range, line(3, 0, 18));
    assert.equal(
      String(gd.message),
      `${v124} splits the SP pop of 2 non-leaf epilogues here; toolchain go1.24.6 fixes them (quick fix); go.mod asks for go1.24.6, but ${v124} ran (GOTOOLCHAIN=local)`,
    );
    assert.deepEqual(await client.codeActionsAt(main, line(30, 2, 8)), [], 'go.mod already names the fixed toolchain');
  });

  it('heap fix: verified in the background, applied, saved, re-analysed: the leaf finding is gone', async () => {
    const { dir, client, main } = await demo('1.26');
    await client.waitFor('heap fixes', () => client.logCount(/^heap fixes for /) > 0);
    assert.equal(
      client.logCount(/^heap fix for main\.checksum: "Move `buf` to the heap" \(\S+\) verified with go1\.26\.10$/),
      1,
      client.logs.map((l) => l.message).join('\n'),
    );
    // Saved again unchanged: the verified fix is reused, not rebuilt.
    await client.save(main);
    await client.waitFor('heap fixes again', () => client.logCount(/^heap fixes for /) === 2);
    assert.equal(client.logCount(/^heap fix for main\.checksum: .* verified with go1\.26\.10 \(cached\)$/), 1);
    const actions = await client.codeActionsAt(main, line(16, 1, 7));
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Move `buf` to the heap'],
    );
    assert.deepEqual(
      actions[0].diagnostics?.map((d) => `${d.range.start.line} ${d.code}`),
      ['16 split-sp-update'],
    );
    // The function's lens offers it too.
    await client.waitFor('the move-to-heap lens', () => client.codeLensRefreshes >= 2);
    const lens = (await client.codeLenses(main)).find((l) => l.range.start.line === 13 && l.command?.command === 'preemptGuard.applyFix');
    assert.deepEqual(lens?.command?.title, 'move to heap');
    assert.deepEqual(lens?.command?.arguments, [{ uri: uriOf(main), line: 16, title: 'Move `buf` to the heap' }]);
    const before = readFileSync(main, 'utf8');
    const after = applyEdits(before, editsFor(actions[0], main, 1));
    assert.notEqual(after, before);
    // Only checksum's body changes.
    const changed = after.split('\n').filter((l, i) => l !== before.split('\n')[i]);
    assert.ok(changed.length >= 1 && changed.length <= 3, changed.join('\n'));
    writeFileSync(main, after);
    const since = client.statuses.length;
    await client.changeAndSave(main, after);
    const st = await client.waitForResult(dir, since);
    assert.deepEqual([st.state, st.findings], ['clean', 0]);
    assert.deepEqual(client.diagnosticsOf(main), []);
  });

  it('stale quick fix: after an unsaved edit above the function, the old heap fix is gone; after the save it returns for the new version', async () => {
    const { dir, client, main } = await demo('1.26');
    await client.waitFor('heap fixes', () => client.logCount(/^heap fixes for /) > 0);
    assert.deepEqual(
      (await client.codeActionsAt(main, line(16, 1, 7))).map((a) => a.title),
      ['Move `buf` to the heap'],
    );
    const before = readFileSync(main, 'utf8');
    // Two lines inserted above checksum, not saved: the editor moves the diagnostics down by two.
    const edited = before.replace('var last byte\n', 'var last byte\n\nvar other byte\n');
    const version = await client.change(main, edited);
    const moved = client.diagnosticsOf(main).map((d) => ({
      ...d,
      range: { start: { ...d.range.start, line: d.range.start.line + 2 }, end: { ...d.range.end, line: d.range.end.line + 2 } },
    }));
    const atMoved = moved.filter((d) => d.range.start.line === 18);
    assert.equal(atMoved.length, 1, JSON.stringify(moved));
    const offered = await client.codeActions(main, line(18, 1, 7), atMoved);
    // Either nothing, or an edit of the current text that applies cleanly.
    for (const a of offered) {
      const out = applyEdits(edited, editsFor(a, main, version));
      assert.ok(out.includes('var other byte') && stackArrays(out) === 1, out);
    }
    assert.deepEqual(offered, [], 'the fix of version 1 is dropped');
    // Asking with the diagnostics as they were published (old positions) finds nothing either.
    assert.deepEqual(await client.codeActionsAt(main, line(16, 1, 7)), []);

    // Saved: re-analysed and re-verified against version 2, at the moved lines.
    writeFileSync(main, edited);
    const heapLogs = client.logCount(/^heap fixes for /);
    await client.save(main);
    await client.waitFor('heap fixes of the saved text', () => client.logCount(/^heap fixes for /) > heapLogs);
    assert.equal(client.status(dir)?.findings, 2);
    const fresh = await client.codeActionsAt(main, line(18, 1, 7));
    assert.deepEqual(
      fresh.map((a) => a.title),
      ['Move `buf` to the heap'],
    );
    const fixed = applyEdits(edited, editsFor(fresh[0], main, version));
    // checksum's array moved to the heap, fill's (non-leaf) stays.
    assert.equal(stackArrays(edited), 2);
    assert.ok(fixed.includes('var other byte') && stackArrays(fixed) === 1, fixed);
  });

  it('heap-fix verification holds no build slot: another module is analysed while it is pending, and its module is not "analysing"', async () => {
    const { dir: demoDir, client } = await start('e2e-demo', { settings: () => ({ goPath: goBinary('1.26') }) });
    const heap = copyFixture('heapfix/array64k');
    onCleanup(heap.cleanup);
    const heapMain = path.join(heap.dir, 'main.go');
    await client.open(heapMain);
    await client.waitFor('array64k analysed', () => client.logCount(new RegExp(`^analysis #\\d+ of ${heap.dir} finished`)) === 1);
    assert.equal(
      client.logCount(new RegExp(`^heap fixes for ${heap.dir}:`)),
      0,
      'eight leaf functions take longer to verify than one analysis',
    );
    const since = client.statuses.length;
    await client.open(path.join(demoDir, 'main.go'));
    await client.waitFor('e2e-demo analysed', () => client.logCount(new RegExp(`^analysis #\\d+ of ${demoDir} finished`)) === 1);
    const demoDone = client.logs.length;
    await client.waitFor('array64k heap fixes', () => client.logCount(new RegExp(`^heap fixes for ${heap.dir}: 8 of 8 `)) === 1);
    const heapDone = client.logs.findIndex((l) => l.message.startsWith(`heap fixes for ${heap.dir}:`));
    assert.ok(heapDone >= demoDone, client.logs.map((l) => l.message).join('\n'));
    // While its fixes were verified, array64k never showed "analysing".
    assert.equal(
      client.statuses.slice(since).some((st) => st.modules.some((m) => m.moduleRoot === heap.dir && m.state === 'analysing')),
      false,
    );
  });

  it("reproducer requests use the settings every analysis uses: pushed by a client without workspace/configuration (neovim), and the server's env", async () => {
    const go = goBinary('1.24');
    // No `settings` option: the client lacks workspace/configuration and pushes its settings instead.
    const { client } = await start('e2e-demo', { env: { ...process.env, GOTOOLCHAIN: 'local', PATH: '/nonexistent' } });
    await client.notify('workspace/didChangeConfiguration', { settings: { preemptGuard: { goPath: go } } });
    const choices = await client.conn.sendRequest<{ label: string; path: string; version: string }[]>('preemptGuard/toolchains');
    assert.deepEqual(
      [choices[0].path, choices[0].version, choices[0].label],
      [go, installedToolchain('1.24').version, `${installedToolchain('1.24').version} — your go (configured: ${go})`],
    );
    assert.deepEqual(client.configurationRequests, []);
  });

  it('custom requests: listFunctions, assembly (flagged and unflagged), scan; work-done progress begins and ends', async () => {
    const { dir, client, main } = await demo('1.24');
    const fns = await client.request<{ symbol: string; file: string; declLine: number; findings: number }[]>('preemptGuard/listFunctions', {
      uri: uriOf(main),
    });
    assert.deepEqual(fns, [
      { symbol: 'main.checksum', file: main, declLine: 14, findings: 2 },
      { symbol: 'main.fill', file: main, declLine: 28, findings: 2 },
    ]);
    const asm = await client.request<{
      symbol: string;
      toolchain: string;
      frameSize: number;
      leaf: boolean;
      text: string;
      lines: { split: boolean; native: string[] }[];
    }>('preemptGuard/assembly', { symbol: 'main.fill', uri: uriOf(main) });
    assert.deepEqual(
      [asm.symbol, asm.toolchain, asm.frameSize, asm.leaf],
      ['main.fill', installedToolchain('1.24').version, 131104, false],
    );
    assert.deepEqual(
      asm.lines.filter((l) => l.split && l.native[0].startsWith('add sp')).map((l) => l.native),
      [
        ['add sp, sp, #0x20', 'add sp, sp, #0x20, lsl #12'],
        ['add sp, sp, #0x20', 'add sp, sp, #0x20, lsl #12'],
      ],
    );
    assert.ok(asm.text.startsWith('// main.fill  frame=131104'), asm.text.slice(0, 200));
    const plain = await client.request<{ symbol: string; leaf: boolean; lines: unknown[] } | null>('preemptGuard/assembly', {
      symbol: 'main.remember',
      uri: uriOf(main),
    });
    assert.equal(plain?.symbol, 'main.remember');
    assert.equal(plain?.leaf, true);
    assert.ok((plain?.lines.length ?? 0) > 0);
    assert.equal(await client.request('preemptGuard/assembly', { symbol: 'main.nothere', uri: uriOf(main) }), null);

    const scan = await client.request<{ modules: { moduleRoot: string; state: string; findings: number }[] }>('preemptGuard/scan', {});
    assert.deepEqual(
      scan.modules.map((m) => [m.moduleRoot, m.state, m.findings]),
      [[dir, 'affected', 4]],
    );

    // Progress: every build created a token, began and ended it.
    assert.ok(client.progressCreated.length >= 2, JSON.stringify(client.progressCreated));
    for (const token of client.progressCreated) {
      const kinds = client.progress.filter((p) => String(p.token) === token).map((p) => p.value.kind);
      assert.equal(kinds[0], 'begin', token);
      assert.equal(kinds[kinds.length - 1], 'end', token);
    }
    const begin = client.progress.find((p) => p.value.kind === 'begin')!.value as {
      title: string;
      message?: string;
      cancellable?: boolean;
    };
    assert.deepEqual([begin.title, begin.message, begin.cancellable], ['Preempt Guard', `go build -gcflags=-S in ${dir}`, true]);
  });
});
