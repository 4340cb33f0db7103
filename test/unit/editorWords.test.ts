// The editor's words and links: build text made safe for the hover's
// markdown, command links whose arguments survive markdown, the go.mod notes.
import assert from 'node:assert/strict';
import { commandLink } from '../../server/src/lsp/hover';
import { gomodToolchainNote, hoverMarkdown, markdownText, upgradeToolchainTitle } from '../../server/src/core/vocabulary';

describe('editor words', () => {
  it('build text in markdown: markup characters backslashed, control characters escaped', () => {
    assert.equal(markdownText('configured: /opt/go_1.24/[x]*bin*/go'), 'configured: /opt/go\\_1.24/\\[x\\]\\*bin\\*/go');
    assert.equal(markdownText('a\u001b[31mb\nc'), 'a\\x1b\\[31mb\\x0ac');
  });

  it('command links: the arguments as URI-encoded JSON, parentheses included, so the link does not end early', () => {
    const title = 'Upgrade toolchain to go1.24.6 (fixes 2 of 3 hazards)';
    const link = commandLink(title, 'preemptGuard.applyFix', [{ uri: 'file:///w/a(1).go', line: 30, title }]);
    const m = /^\[([^\]]+)\]\(command:([\w.]+)\?([^)]*)\)$/.exec(link);
    assert.ok(m, link);
    assert.equal(m[1], title);
    assert.deepEqual(JSON.parse(decodeURIComponent(m[3])), [{ uri: 'file:///w/a(1).go', line: 30, title }]);
    assert.equal(commandLink('a [b]', 'x.y'), '[a \\[b\\]](command:x.y)');
  });

  it('go.mod notes and the toolchain fix count hazards', () => {
    assert.equal(
      gomodToolchainNote('go1.24.4', 1, 'go1.24.6'),
      'go1.24.4 splits the SP pop of 1 non-leaf epilogue here; toolchain go1.24.6 fixes it (quick fix)',
    );
    assert.equal(upgradeToolchainTitle('go1.24.6', 2, 2), 'Upgrade toolchain to go1.24.6');
    assert.equal(upgradeToolchainTitle('go1.24.6', 2, 3), 'Upgrade toolchain to go1.24.6 (fixes 2 of 3 hazards)');
  });

  it('the hover names the inlined calls a return goes through, innermost first; without them it says nothing of inlining', () => {
    const subject = {
      function: 'main.leafNested',
      frameSize: 70016,
      leaf: true,
      returnLines: [39],
      line: 39,
      toolchain: { version: 'go1.27.0', why: '--go' },
      links: [],
    };
    const pair = {
      kind: 'split-sp-update' as const,
      instructions: ['add sp, sp, #0x180', 'add sp, sp, #0x11, lsl #12'] as [string, string],
      offsets: [0xc0, 0xc4] as [number, number],
      fixedByToolchain: false,
    };
    const md = hoverMarkdown({
      ...subject,
      findings: [
        {
          ...pair,
          inlinedFrom: [
            { function: 'main.pick', file: '/src/app/main.go', line: 6 },
            { function: 'main.(*T).wrap`x', file: '/src/app/util_test.go', line: 13 },
          ],
        },
      ],
    });
    const para = md.split('\n\n').find((p) => p.startsWith('Inlined from'));
    assert.equal(
      para,
      'Inlined from `main.pick` (main.go:6), called from `main.(*T).wrap?x` (util\\_test.go:13): this `return` goes through inlined calls.',
    );
    assert.ok(!hoverMarkdown({ ...subject, findings: [pair] }).includes('Inlined'));
  });
});
