// The user's line: leaf functions with a 70000-byte frame return through
// inlined calls (`return pick(s)`, and `return wrap(s)` where wrap returns
// pick's result), and their split epilogues' instructions carry the innermost
// inlined function's position (pick's `if x > 10`). Both engines report the
// outermost function's `return` line with the inline chain, innermost first,
// on every installed toolchain (go1.19-go1.27): the binary engine from the
// pclntab's inline tree (magic F0 and F1 trees, three moduledata layouts), the
// listing engine from the compiler's own inline table (-d=pctab=pctoinline).
// The chain then shows where people read it: the CLI's text, JSON and SARIF,
// and the language server's diagnostics and hover.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { scanBinary } from '../../server/src/core/binary';
import { scanTargets } from '../../server/src/core/binary/targets/scanTargets';
import { analyzeModule } from '../../server/src/core/listing/analyze';
import { buildFixtureBinary, programModule } from '../support/goBinaries';
import { ALL_MINORS, CLI, goBinary, testEnv } from '../support/paths';
import { reportSchemaErrors } from '../support/reportSchema';
import { LspTestClient } from '../support/lspClient';
import type { MarkupContent } from 'vscode-languageserver-protocol';

const SOURCE = `package main

import "os"

func pick(x int) int {
	if x > 10 {
		return x - 10
	}
	return x + 1
}

func wrap(x int) int {
	return pick(x ^ 3)
}

//go:noinline
func leafInline(val int) int {
	var buf [70000]byte
	for i := range buf {
		buf[i] = byte(val + i)
	}
	s := 0
	for i := range buf {
		s ^= int(buf[i])
	}
	return pick(s)
}

//go:noinline
func leafNested(val int) int {
	var buf [70000]byte
	for i := range buf {
		buf[i] = byte(val - i)
	}
	s := 0
	for i := range buf {
		s ^= int(buf[i])
	}
	return wrap(s)
}

func main() {
	_ = leafInline(len(os.Args))
	_ = leafNested(len(os.Args))
}
`;
const lineOf = (text: string) => SOURCE.split('\n').indexOf(text) + 1;
const RETURN_LINE = lineOf('\treturn pick(s)');
const NESTED_RETURN_LINE = lineOf('\treturn wrap(s)');
const INLINED_LINE = lineOf('\tif x > 10 {');
const WRAP_LINE = lineOf('\treturn pick(x ^ 3)');

/** What both engines must say, files relative to the module. */
const EXPECTED = [
  {
    function: 'main.leafInline',
    file: 'main.go',
    line: RETURN_LINE,
    inlinedFrom: [{ function: 'main.pick', file: 'main.go', line: INLINED_LINE }],
  },
  {
    function: 'main.leafNested',
    file: 'main.go',
    line: NESTED_RETURN_LINE,
    inlinedFrom: [
      { function: 'main.pick', file: 'main.go', line: INLINED_LINE },
      { function: 'main.wrap', file: 'main.go', line: WRAP_LINE },
    ],
  },
];

interface Placed {
  function: string;
  file: string;
  line: number;
  inlinedFrom?: { function: string; file: string; line: number }[];
}
/** Function, place and chain, with files made relative by `rel`. */
const brief = (findings: Placed[], rel: (f: string) => string) =>
  findings.map((f) => ({
    function: f.function,
    file: rel(f.file),
    line: f.line,
    inlinedFrom: f.inlinedFrom?.map((i) => ({ ...i, file: rel(i.file) })),
  }));
const byFunction = <T extends { function: string }>(xs: T[]) => [...xs].sort((a, b) => a.function.localeCompare(b.function));

describe('the return line of a function returning through an inlined call: both engines', function () {
  this.timeout(600000);
  const module = programModule('inline-return', SOURCE);
  for (const minor of ALL_MINORS) {
    it(`go${minor}: main.go:${RETURN_LINE} and main.go:${NESTED_RETURN_LINE}, with the inline chains`, async () => {
      const file = await buildFixtureBinary({ minor, module, shape: 'trimpath' });
      // Binary engine, in memory and as the CLI reads a file (by parts where it can): the same user's lines.
      const whole = await scanBinary(readFileSync(file), file);
      const r = (await scanTargets([file])).binaries[0];
      assert.deepEqual(r.errors, []);
      const fromBinary = (f: string) => f.replace(/^preemptguard\.local\/repro\//, '');
      assert.deepEqual(byFunction(brief(r.findings, fromBinary)), byFunction(brief(whole.findings, fromBinary)));
      assert.deepEqual(byFunction(brief(r.findings, fromBinary)), EXPECTED);
      // Listing engine: the split SP updates are the binary's; every finding (SP and FP) is on the user's line.
      const listing = await analyzeModule({ dir: module, go: goBinary(minor), env: testEnv() });
      assert.deepEqual(listing.errors, []);
      const fromListing = (f: string) => path.relative(module, f);
      const sp = listing.findings.filter((f) => f.kind === 'split-sp-update');
      assert.deepEqual(byFunction(brief(sp, fromListing)), EXPECTED);
      for (const f of listing.findings) {
        assert.deepEqual(
          brief([f], fromListing)[0],
          EXPECTED.find((e) => e.function === f.function),
        );
      }
    });
  }
});

describe('the inline chain where people read it: the CLI', function () {
  this.timeout(600000);
  const module = programModule('inline-return', SOURCE);
  const newest = ALL_MINORS[ALL_MINORS.length - 1];
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: module, env: testEnv(), encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const CHAIN_LINE = `inlined from main.pick (main.go:${INLINED_LINE})`;
  const NESTED_CHAIN_LINE = `inlined from main.pick (main.go:${INLINED_LINE}), called from main.wrap (main.go:${WRAP_LINE})`;

  it(`go${newest} scan: an "inlined from" line under each hazard's head line; JSON and SARIF carry the chain`, () => {
    const text = cli(['scan', module, '--go', goBinary(newest)]);
    assert.equal(text.code, 1, text.stderr);
    const lines = text.stdout.split('\n');
    const under = (head: string) => lines[lines.findIndex((l) => l.startsWith(head)) + 1];
    assert.equal(under(`main.go:${RETURN_LINE}: split-sp-update: main.leafInline`), `  ${CHAIN_LINE}`);
    assert.equal(under(`main.go:${NESTED_RETURN_LINE}: split-sp-update: main.leafNested`), `  ${NESTED_CHAIN_LINE}`);

    const json = cli(['scan', module, '--go', goBinary(newest), '--format', 'json']);
    const doc = JSON.parse(json.stdout) as { findings: Placed[] };
    assert.deepEqual(reportSchemaErrors(doc), []);
    const sp = doc.findings.filter((f) => (f as unknown as { kind: string }).kind === 'split-sp-update');
    assert.deepEqual(byFunction(brief(sp, (f) => path.relative(module, f))), EXPECTED);

    const sarif = JSON.parse(cli(['scan', module, '--go', goBinary(newest), '--format', 'sarif']).stdout) as {
      runs: { results: { ruleId: string; relatedLocations?: { message: { text: string } }[] }[] }[];
    };
    const related = sarif.runs[0].results
      .filter((r) => r.ruleId === 'split-sp-update')
      .map((r) => (r.relatedLocations ?? []).map((l) => l.message.text));
    assert.deepEqual(related.sort(), [
      [`inlined from main.pick (${path.join(module, 'main.go')}:${INLINED_LINE})`],
      [
        `inlined from main.pick (${path.join(module, 'main.go')}:${INLINED_LINE})`,
        `inlined from main.wrap (${path.join(module, 'main.go')}:${WRAP_LINE})`,
      ],
    ]);
  });

  it(`go${newest} scan-binary in the module: the same "inlined from" lines (its -trimpath paths mapped to the checkout) and JSON chain`, async () => {
    const file = await buildFixtureBinary({ minor: newest, module, shape: 'trimpath' });
    const text = cli(['scan-binary', file]);
    assert.equal(text.code, 1, text.stderr);
    const lines = text.stdout.split('\n');
    const under = (head: string) => lines[lines.findIndex((l) => l.includes(head)) + 1];
    assert.equal(under(`main.go:${RETURN_LINE}: split-sp-update: main.leafInline`), `    ${CHAIN_LINE}`);
    assert.equal(under(`main.go:${NESTED_RETURN_LINE}: split-sp-update: main.leafNested`), `    ${NESTED_CHAIN_LINE}`);
    const doc = JSON.parse(cli(['scan-binary', file, '--format', 'json']).stdout) as { findings: Placed[] };
    assert.deepEqual(reportSchemaErrors(doc), []);
    assert.deepEqual(byFunction(brief(doc.findings, (f) => f.replace(/^preemptguard\.local\/repro\//, ''))), EXPECTED);
  });
});

describe('the inline chain where people read it: the language server', function () {
  this.timeout(600000);
  const newest = ALL_MINORS[ALL_MINORS.length - 1];
  let client: LspTestClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it(`go${newest}: the diagnostics sit on the user's return lines; the hover there names the inlined calls`, async () => {
    const module = programModule('inline-return', SOURCE);
    const started = await LspTestClient.start({
      rootDir: module,
      env: testEnv(),
      settings: () => ({ goPath: goBinary(newest) }),
    });
    client = started.client;
    const main = path.join(module, 'main.go');
    await client.open(main);
    await client.waitForResult(module);
    const lines = [...new Set(client.diagnosticsOf(main).map((d) => d.range.start.line + 1))].sort((a, b) => a - b);
    assert.deepEqual(lines, [RETURN_LINE, NESTED_RETURN_LINE]);
    const hover = await client.hover(main, NESTED_RETURN_LINE - 1, 2);
    const md = (hover?.contents as MarkupContent).value;
    assert.ok(
      md
        .split('\n\n')
        .includes(
          `Inlined from \`main.pick\` (main.go:${INLINED_LINE}), called from \`main.wrap\` (main.go:${WRAP_LINE}): this \`return\` goes through inlined calls.`,
        ),
      md,
    );
  });
});
