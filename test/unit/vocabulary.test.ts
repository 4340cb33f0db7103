// "Every sentence a user reads comes from server/src/core/vocabulary/", checked
// over the sources (test/support/vocabularyCheck.ts says how a sentence is told
// from a key): the checker's own cases, a synthetic source with a sentence added
// (it must be found), and the product's sources. Outside the vocabulary: the
// server, client and protocol sources; not the benchmarks (developer tools, not
// shipped) nor type declarations.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from '../support/paths';
import { type Exception, isSentence, sentencesIn, sentencesOutsideVocabulary, sourceFiles } from '../support/vocabularyCheck';

const SCOPE = ['server/src', 'client/src', 'shared'];
const NOT_SCANNED = ['server/src/core/vocabulary', 'server/src/bench', 'server/src/typings'];

/** Literals that look like prose but are read by programs, not people. */
const EXCEPTIONS: readonly Exception[] = [
  { file: 'server/src/core/repro/programs.ts', startsWith: 'package main', why: 'Go source of the reproducer programs' },
  {
    file: 'server/src/core/crash/parser.ts',
    startsWith: 'traceback did not unwind completely',
    why: "the Go runtime's words, matched in crash logs",
  },
  { file: 'server/src/core/crash/parser.ts', startsWith: 'unknown caller pc', why: "the Go runtime's words, matched in crash logs" },
  { file: 'server/src/core/crash/parser.ts', startsWith: 'unexpected fault address', why: "the Go runtime's words, matched in crash logs" },
  { file: 'server/src/core/crash/parser.ts', startsWith: 'unexpected return pc for', why: "the Go runtime's words, matched in crash logs" },
  {
    file: 'server/src/core/binary/image/layerRead.ts',
    startsWith: 'Unrecognized archive format',
    why: "node-tar's words for an empty tar, matched to tell an empty layer from a damaged one",
  },
  {
    file: 'server/src/core/report/sarifParts.ts',
    startsWith: 'Preempt Guard for Go (arm64)',
    why: "the product's name (package.json displayName)",
  },
];

describe('one vocabulary: sentences live in server/src/core/vocabulary/', () => {
  it('tells sentences from keys, identifiers, flags, commands and code', () => {
    for (const s of [
      'cannot read the file',
      'Stopped before the program ran to a verdict.',
      'go.mod already asks for toolchain ${…}',
      'Where is the crash log?',
      '(nothing is built)',
    ])
      assert.equal(isSentence(s), true, s);
    for (const s of [
      'split-sp-update',
      'preemptGuard.goPath',
      '-gcflags=all=-S',
      'go env GOVERSION',
      'add sp, sp, #0x10, lsl #12',
      'Scan Workspace',
      'text/html; charset=utf-8',
      '${…} ${…} ${…}',
      'GOOS=linux GOARCH=arm64 CGO_ENABLED=0',
      '^goroutine running on other thread',
    ])
      assert.equal(isSentence(s), false, s);
  });

  it('finds a sentence added to a source file: string and template literals, not imports, comments or keys', () => {
    const source = [
      "import { x } from 'some module name here';",
      '// a comment is not read by users',
      "const key = 'split-sp-update';",
      "const msg = 'the build failed for a reason';",
      'const tpl = `cannot open ${file}: it is gone`;',
      'const nested = `${key}: ${`no such module in ${dir}`}`;',
      "const lazy = () => import('another module name here');",
    ].join('\n');
    assert.deepEqual(sentencesIn('x.ts', source), [
      { file: 'x.ts', line: 4, text: 'the build failed for a reason' },
      { file: 'x.ts', line: 5, text: 'cannot open ${…}: it is gone' },
      { file: 'x.ts', line: 6, text: 'no such module in ${…}' },
    ]);
  });

  it('the tree walk flags a sentence outside the vocabulary folder, not inside it, and honours exceptions', () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'pg-vocab-'));
    try {
      mkdirSync(path.join(repo, 'server/src/core/vocabulary'), { recursive: true });
      mkdirSync(path.join(repo, 'server/src/lsp'), { recursive: true });
      writeFileSync(path.join(repo, 'server/src/core/vocabulary/words.ts'), "export const W = 'the words live here';\n");
      writeFileSync(
        path.join(repo, 'server/src/lsp/hover.ts'),
        "export const H = 'a sentence written outside';\nexport const K = 'hover-key';\n",
      );
      writeFileSync(path.join(repo, 'server/src/lsp/log.ts'), "export const CHANNEL = 'Some Output Channel Name';\n");
      const files = sourceFiles(repo, ['server/src'], ['server/src/core/vocabulary']);
      assert.deepEqual(files, ['server/src/lsp/hover.ts', 'server/src/lsp/log.ts']);
      const exceptions = [{ file: 'server/src/lsp/log.ts', startsWith: 'Some Output', why: 'a channel name' }];
      assert.deepEqual(sentencesOutsideVocabulary(repo, files, exceptions), [
        { file: 'server/src/lsp/hover.ts', line: 1, text: 'a sentence written outside' },
      ]);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('the product sources hold no sentence outside the vocabulary', function () {
    this.timeout(60_000); // parses every source file
    const found = sentencesOutsideVocabulary(REPO, sourceFiles(REPO, SCOPE, NOT_SCANNED), EXCEPTIONS);
    const lines = found.map((s) => `${s.file}:${s.line}: ${JSON.stringify(s.text)}`);
    assert.deepEqual(lines, [], `sentences outside server/src/core/vocabulary/:\n${lines.join('\n')}`);
  });
});
