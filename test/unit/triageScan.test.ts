// Crash triage against a saved scan result (core/triage/scanChecker.ts),
// without Go: small hand-made `scan` and `scan-binary` JSON results and a
// committed go1.26.10 crash log (preempted at main.bigStack+0x70). The same
// with JSON the CLI produced from real builds is in
// test/integration/triageScan.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { functionKey, parseScanResult, scanChecker } from '../../server/src/core/triage/scanChecker';
import { triageTexts } from '../../server/src/core/triage/triage';
import { FIXTURES } from '../support/paths';

const LOG = readFileSync(path.join(FIXTURES, 'crash-logs', 'go1.26.10-leaf-traceback-did-not-unwind-1.txt'), 'utf8');

const finding = (fn: string, offsets: [number, number], extra: Record<string, unknown> = {}) => ({
  kind: 'split-sp-update',
  function: fn,
  file: '/src/main.go',
  line: 9,
  declLine: 6,
  frameSize: 65552,
  leaf: true,
  offset: offsets[0],
  offsets,
  instructions: ['add sp, sp, #0x10', 'add sp, sp, #0x10, lsl #12'],
  fixedByToolchain: false,
  ...extra,
});
const scanJson = (findings: unknown[]) => JSON.stringify({ toolchain: { version: 'go1.26.10' }, findings, errors: [] });
const binaryJson = (findings: unknown[], goVersion = 'go1.24.4') =>
  JSON.stringify({
    binaries: [{ path: 'bin/app', format: 'elf', goVersion, mainModule: null, settings: {}, findings, errors: [] }],
    skipped: 0,
    errors: [],
  });

async function verdictWith(json: string, audience: 'cli' | 'editor' = 'editor') {
  const index = parseScanResult(json);
  assert.ok(!('error' in index), 'error' in index ? index.error : '');
  return (await triageTexts([{ name: 'log', text: LOG }], scanChecker(index, 'scan.json'), audience)).crashes[0];
}

describe('triage --scan: a saved scan result', function () {
  it("the preempted offset is a known pair's second instruction: confirmed, per the scan result", async function () {
    const c = await verdictWith(scanJson([finding('main.bigStack', [0x6c, 0x70])]));
    assert.equal(c.verdict, 'confirmed');
    assert.deepEqual(c.epilogue?.offsets, [0x6c, 0x70]);
    assert.match(c.explanation, /\(Per the scan result scan\.json: true if that scan is of the build that crashed\.\)$/);
    assert.match(c.remedy ?? '', /^Leaf function: .*change the code/);
  });

  it('scan-binary JSON (offset only, no offsets): the second instruction is offset+4; the remedy says rebuild with', async function () {
    const c = await verdictWith(
      binaryJson([finding('main.bigStack', [0x6c, 0x70], { offsets: undefined, leaf: false, fixedByToolchain: true, preemptible: true })]),
      'cli',
    );
    assert.equal(c.verdict, 'confirmed');
    assert.match(c.explanation, /\(Per --scan scan\.json: /);
    assert.match(c.remedy ?? '', /rebuild with go1\.24\.6\+ \(built with go1\.24\.4\)/);
  });

  it('the function has split epilogues at other offsets: unrelated, naming the known ones', async function () {
    const c = await verdictWith(scanJson([finding('main.bigStack', [0x5c, 0x60]), finding('main.bigStack', [0x90, 0x94], { line: 12 })]));
    assert.equal(c.verdict, 'unrelated');
    assert.match(
      c.explanation,
      /main\.bigStack\+0x70 is an offset where the scan result scan\.json has no split SP update \(main\.bigStack has 2, at \+0x5c\/\+0x60 \(\/src\/main\.go:9\), \+0x90\/\+0x94 \(\/src\/main\.go:12\)\)/,
    );
  });

  it('the first instruction of a known pair: unrelated (SP had not moved)', async function () {
    const c = await verdictWith(scanJson([finding('main.bigStack', [0x70, 0x74])]));
    assert.equal(c.verdict, 'unrelated');
    assert.match(c.explanation, /the first half of the split SP update/);
  });

  it('the function is not in the scan: consistent, with what would confirm it', async function () {
    const c = await verdictWith(scanJson([finding('main.other', [0x6c, 0x70]), { kind: 'split-fp-restore', function: 'main.bigStack' }]));
    assert.equal(c.verdict, 'consistent');
    assert.match(
      c.explanation,
      /It could not be checked against the scan result scan\.json: it lists no split SP update in main\.bigStack\. Give the binary that crashed/,
    );
    const cli = await verdictWith(scanJson([]), 'cli');
    assert.match(cli.explanation, /against --scan scan\.json: .* run triage again with `--binary`/);
  });

  it('non-preemptible pairs (scan-binary --all) are not hazards: ignored', async function () {
    const c = await verdictWith(
      binaryJson([finding('main.bigStack', [0x6c, 0x70], { preemptible: false, notPreemptible: 'unsafe-point' })]),
    );
    assert.equal(c.verdict, 'consistent');
  });

  it('generic functions match across spellings (binary shapes, traceback [...])', function () {
    assert.equal(functionKey('example.com/dep.G[go.shape.string]'), 'example.com/dep.G[]');
    assert.equal(functionKey('example.com/dep.G[...]'), 'example.com/dep.G[]');
    assert.equal(functionKey('example.com/dep.(*T[go.shape.[]int]).M'), 'example.com/dep.(*T[]).M');
    assert.equal(functionKey('main.f.func1'), 'main.f.func1');
  });

  it('malformed input: one line saying what is wrong and what to give', function () {
    const bad: [string, RegExp][] = [
      ['{"findings": [', /^not JSON \(.*\): give the JSON output of `preempt-guard scan --format json`/],
      ['[1, 2]', /^not a scan result \(expected an object\)/],
      ['{"runs": []}', /^this is SARIF; give the JSON output/],
      ['{"crashes": [], "summary": []}', /^this is triage output, not a scan result/],
      ['{"version": 1}', /^no findings or binaries list/],
      [
        JSON.stringify({ findings: [finding('main.f', [0, 4], { offsets: 'x', offset: -1 })] }),
        /^findings\[0\] \(main\.f\) has no offsets/,
      ],
      [JSON.stringify({ findings: [{ kind: 'split-sp-update' }] }), /^findings\[0\] has no function/],
      [JSON.stringify({ binaries: [{ path: 'x' }] }), /^binaries\[0\] has no findings list/],
      [JSON.stringify({ binaries: [{ findings: [7] }] }), /^binaries\[0\]\.findings\[0\] is not an object/],
    ];
    for (const [text, want] of bad) {
      const r = parseScanResult(text);
      assert.ok('error' in r, text);
      assert.match(r.error, want, text);
      assert.equal(r.error.includes('\n'), false);
    }
  });

  it('fuzz: random JSON values and mutated real results never throw', function () {
    const real = binaryJson([finding('main.bigStack', [0x6c, 0x70], { preemptible: true })]);
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        parseScanResult(JSON.stringify(v));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.nat(real.length - 1), fc.string({ maxLength: 8 }), (at, ins) => {
        const r = parseScanResult(real.slice(0, at) + ins + real.slice(at + 1));
        if (!('error' in r))
          scanChecker(r, 'x')
            .check('main.bigStack', 0x70)
            .catch(() => assert.fail('check threw'));
      }),
      { numRuns: 500 },
    );
  });
});
