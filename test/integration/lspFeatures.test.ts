// Protocol tests: hover, quick fixes and the edits they produce (go.mod byte
// for byte, heap fix applied -> saved -> re-analysed -> gone), the custom
// requests and work-done progress. Real server, real toolchains.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { REPO, goBinary, uriOf } from '../support/lspClient';
import { serverSessions } from '../support/lspFixtures';

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'text', 1, text), edits);
}

function editsFor(action: CodeAction, file: string): TextEdit[] {
  const edits = action.edit?.changes?.[uriOf(file)];
  assert.ok(edits, `action "${action.title}" edits ${file}: ${JSON.stringify(action.edit)}`);
  return edits;
}

const line = (n: number, from = 0, to = 200) => ({ start: { line: n, character: from }, end: { line: n, character: to } });

describe('lsp: hover, quick fixes, requests (real server over stdio)', function () {
  this.timeout(300_000);
  const { start } = serverSessions();

  async function demo(minor: string) {
    const { dir, client } = await start('e2e-demo', { settings: () => ({ goPath: goBinary(minor) }) });
    const main = path.join(dir, 'main.go');
    await client.open(main);
    await client.waitForResult(dir);
    return { dir, client, main, gomod: path.join(dir, 'go.mod') };
  }

  it('hover on a return line and on the declaration shows the decoded epilogue with the race window', async () => {
    const { client, main } = await demo('1.24');
    const ret = await client.hover(main, 16, 3);
    assert.ok(ret, 'hover at the leaf return');
    const md = (ret.contents as MarkupContent).value;
    assert.equal((ret.contents as MarkupContent).kind, 'markdown');
    assert.deepEqual(ret.range, line(16, 1, 7));
    const expectedTable = [
      'offset  Go pseudo-assembly        arm64 (capstone)',
    ];
    assert.ok(md.startsWith('**main.checksum** — leaf, frame 131088 bytes · compiled by go1.24.4 (arm64)\n\nSplit epilogue of the `return` at line 17:\n\n```\n'), md);
    assert.ok(md.includes(expectedTable[0]) || /offset\s+Go pseudo-assembly\s+arm64 \(capstone\)/.test(md), md);
    // The split SP update: first half, the mark, second half, on consecutive rows.
    assert.match(md, /ADD \$131088, RSP\s+add sp, sp, #0x10\n\s+⟵ preemption here = crash\n\s+add sp, sp, #0x20, lsl #12\n/);
    assert.match(md, /ADD \$131080, RSP, R29\s+add x29, sp, #8\n\s+⟵ R29 wrong here \(frame-pointer unwinders\)\n\s+add x29, x29, #0x20, lsl #12\n/);
    assert.match(md, /RET \(R30\)\s+ret\n```/);
    assert.ok(md.includes('fatal error: traceback did not unwind completely') && md.includes('addr=0x118'), md);
    assert.ok(md.includes('Leaf function: a toolchain upgrade does not help'), md);

    const decl = await client.hover(main, 27, 6);
    const dmd = (decl!.contents as MarkupContent).value;
    assert.ok(dmd.startsWith('**main.fill** — non-leaf, frame 131104 bytes · compiled by go1.24.4 (arm64)\n\n2 return sites with a split epilogue (lines 31, 35); the one at line 31:'), dmd);
    assert.match(dmd, /ADD \$131104, RSP\s+add sp, sp, #0x20\n\s+⟵ preemption here = crash\n\s+add sp, sp, #0x20, lsl #12\n/);
    assert.ok(dmd.includes('upgrading the toolchain from go1.24.4 to go1.24.6 or later fixes it'), dmd);
    assert.equal(await client.hover(main, 20, 1), null, 'nothing on an unflagged line');
  });

  it('toolchain quick fix: offered for non-leaf findings only, title counts, edit keeps go.mod byte for byte', async () => {
    const { client, main, gomod } = await demo('1.24');
    const nonLeaf = await client.codeActions(main, line(30, 2, 8));
    assert.deepEqual(nonLeaf.map((a) => a.title), ['Upgrade toolchain to go1.24.6 (fixes 2 of 4 findings)']);
    assert.equal(nonLeaf[0].kind, 'quickfix');
    assert.deepEqual(nonLeaf[0].diagnostics?.map((d) => d.range.start.line), [27, 30, 34]);
    assert.deepEqual(editsFor(nonLeaf[0], gomod), [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: 'toolchain go1.24.6\n' }]);
    const onGoMod = await client.codeActions(gomod, line(2, 0, 7));
    assert.deepEqual(onGoMod.map((a) => a.title), ['Upgrade toolchain to go1.24.6 (fixes 2 of 4 findings)']);
    assert.deepEqual((await client.codeActions(main, line(16, 1, 7))).filter((a) => a.title.startsWith('Upgrade')), [], 'no toolchain fix on a leaf finding');

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
      if (version === 1) await client.notify('textDocument/didOpen', { textDocument: { uri: uriOf(gomod), languageId: 'go.mod', version, text } });
      else await client.notify('textDocument/didChange', { textDocument: { uri: uriOf(gomod), version }, contentChanges: [{ text }] });
      version++;
      const actions = (await client.codeActions(main, line(30, 2, 8))).filter((a) => a.title.startsWith('Upgrade toolchain'));
      if (want === null) {
        assert.deepEqual(actions, [], name);
        continue;
      }
      assert.equal(actions.length, 1, name);
      const edits = editsFor(actions[0], gomod);
      assert.equal(edits.length, 1, name);
      assert.equal(applyEdits(text, edits), want, name);
    }
  });

  it('applying the toolchain fix and saving go.mod re-analyses; with GOTOOLCHAIN=local the status says go.mod asks for another toolchain', async () => {
    const { dir, client, main, gomod } = await demo('1.24');
    const [action] = await client.codeActions(main, line(30, 2, 8));
    writeFileSync(gomod, applyEdits(readFileSync(gomod, 'utf8'), editsFor(action, gomod)));
    assert.equal(readFileSync(gomod, 'utf8'), 'module example.com/e2edemo\n\ngo 1.24\ntoolchain go1.24.6\n');
    const since = client.statuses.length;
    await client.watchedChange(gomod);
    const st = await client.waitForResult(dir, since);
    assert.equal(st.toolchain?.version, 'go1.24.4');
    assert.equal(st.toolchain?.requested, 'go1.24.6');
    assert.equal(st.message, 'go.mod asks for go1.24.6, but go1.24.4 ran (GOTOOLCHAIN=local)');
    const [gd] = client.diagnosticsOf(gomod);
    assert.deepEqual(gd.range, line(3, 0, 18));
    assert.ok(String(gd.message).endsWith('go.mod asks for go1.24.6, but go1.24.4 ran (GOTOOLCHAIN=local).'), String(gd.message));
    assert.deepEqual(await client.codeActions(main, line(30, 2, 8)), [], 'go.mod already names the fixed toolchain');
  });

  it('heap fix: verified in the background, applied, saved, re-analysed: the leaf finding is gone', async () => {
    const { dir, client, main } = await demo('1.26');
    await client.waitFor('heap fixes', () => client.logCount(/^heap fixes for /) > 0);
    assert.equal(client.logCount(/^heap fix for main\.checksum: "Move `buf` to the heap" \(\S+\) verified with go1\.26\.10$/), 1, client.logs.map((l) => l.message).join('\n'));
    // Saved again unchanged: the verified fix is reused, not rebuilt.
    await client.save(main);
    await client.waitFor('heap fixes again', () => client.logCount(/^heap fixes for /) === 2);
    assert.equal(client.logCount(/^heap fix for main\.checksum: .* verified with go1\.26\.10 \(cached\)$/), 1);
    const actions = await client.codeActions(main, line(16, 1, 7));
    assert.deepEqual(actions.map((a) => a.title), ['Move `buf` to the heap']);
    assert.deepEqual(actions[0].diagnostics?.map((d) => `${d.range.start.line} ${d.code}`), ['13 split-sp-update', '16 split-sp-update', '16 split-fp-restore']);
    assert.deepEqual((await client.codeActions(main, line(13, 5, 13))).map((a) => a.title), ['Move `buf` to the heap']);
    const before = readFileSync(main, 'utf8');
    const after = applyEdits(before, editsFor(actions[0], main));
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

  it('custom requests: listFunctions, assembly (flagged and unflagged), scan; work-done progress begins and ends', async () => {
    const { dir, client, main } = await demo('1.24');
    const fns = await client.request<{ symbol: string; file: string; declLine: number; findings: number }[]>('preemptGuard/listFunctions', { uri: uriOf(main) });
    assert.deepEqual(fns, [
      { symbol: 'main.checksum', file: main, declLine: 14, findings: 2 },
      { symbol: 'main.fill', file: main, declLine: 28, findings: 2 },
    ]);
    const asm = await client.request<{ symbol: string; toolchain: string; frameSize: number; leaf: boolean; text: string; lines: { split: boolean; native: string[] }[] }>(
      'preemptGuard/assembly', { symbol: 'main.fill', uri: uriOf(main) });
    assert.deepEqual([asm.symbol, asm.toolchain, asm.frameSize, asm.leaf], ['main.fill', 'go1.24.4', 131104, false]);
    assert.deepEqual(asm.lines.filter((l) => l.split && l.native[0].startsWith('add sp')).map((l) => l.native), [
      ['add sp, sp, #0x20', 'add sp, sp, #0x20, lsl #12'], ['add sp, sp, #0x20', 'add sp, sp, #0x20, lsl #12'],
    ]);
    assert.ok(asm.text.startsWith('// main.fill  frame=131104'), asm.text.slice(0, 200));
    const plain = await client.request<{ symbol: string; leaf: boolean; lines: unknown[] } | null>('preemptGuard/assembly', { symbol: 'main.remember', uri: uriOf(main) });
    assert.equal(plain?.symbol, 'main.remember');
    assert.equal(plain?.leaf, true);
    assert.ok((plain?.lines.length ?? 0) > 0);
    assert.equal(await client.request('preemptGuard/assembly', { symbol: 'main.nothere', uri: uriOf(main) }), null);

    const scan = await client.request<{ modules: { moduleRoot: string; state: string; findings: number }[] }>('preemptGuard/scan', {});
    assert.deepEqual(scan.modules.map((m) => [m.moduleRoot, m.state, m.findings]), [[dir, 'affected', 4]]);

    // Progress: every build created a token, began and ended it.
    assert.ok(client.progressCreated.length >= 2, JSON.stringify(client.progressCreated));
    for (const token of client.progressCreated) {
      const kinds = client.progress.filter((p) => String(p.token) === token).map((p) => p.value.kind);
      assert.equal(kinds[0], 'begin', token);
      assert.equal(kinds[kinds.length - 1], 'end', token);
    }
    const begin = client.progress.find((p) => p.value.kind === 'begin')!.value as { title: string; message?: string; cancellable?: boolean };
    assert.deepEqual([begin.title, begin.message, begin.cancellable], ['Preempt Guard', `go build -gcflags=-S in ${dir}`, true]);
  });
});
