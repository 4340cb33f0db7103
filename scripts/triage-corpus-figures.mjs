// Precision and recall of crash triage per class on the public corpus
// (test-fixtures/crash-logs/public) and its mutations (the wrappers of
// test/support/crashCorpus.ts and head cuts at 30/60/90 % of each crash).
// Run after a build: `node scripts/build.mjs --check && node scripts/triage-corpus-figures.mjs`.
// A class is predicted from the verdicts: this-bug = some crash consistent or
// confirmed; no-crash = no crash found; a crash of another class = crashes
// found, none consistent.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { readCrashTexts, triageInputs } = require('../out/server/src/core/triage/triage.js');
const { loadCorpus, WRAPPERS } = require('../out/test/support/crashCorpus.js');

const predict = (cs) => (cs.length === 0 ? 'no-crash' : cs.some((c) => c.verdict !== 'unrelated') ? 'this-bug' : 'other');
const actual = (e) => (e.class === 'this-bug' || e.class === 'no-crash' ? e.class : 'other');

const rows = [];
for (const e of loadCorpus()) {
  const variants = [['original', e.text], ...Object.entries(WRAPPERS).map(([k, f]) => [k, f(e.text)])];
  const ls = e.text.split('\n');
  for (const frac of [0.3, 0.6, 0.9]) variants.push([`cut ${frac}`, ls.slice(0, Math.max(1, Math.floor(ls.length * frac))).join('\n')]);
  for (const [kind, text] of variants) {
    const { crashes } = await triageInputs(await readCrashTexts([{ name: e.file, text }]));
    // A cut can remove a crash's every line; a cut this-bug log may keep none of its evidence: judge cuts on what is left.
    rows.push({ kind, actual: actual(e), predicted: predict(crashes), cut: kind.startsWith('cut') });
  }
}
const table = (set, title) => {
  console.log(`\n${title} (${set.length} logs)`);
  console.log('class     | precision | recall | n');
  for (const k of ['this-bug', 'other', 'no-crash']) {
    const tp = set.filter((r) => r.actual === k && r.predicted === k).length;
    const p = set.filter((r) => r.predicted === k).length;
    const n = set.filter((r) => r.actual === k).length;
    const f = (a, b) => (b ? (a / b).toFixed(3) : '-');
    console.log(`${k.padEnd(9)} | ${f(tp, p).padStart(9)} | ${f(tp, n).padStart(6)} | ${n}`);
  }
};
table(
  rows.filter((r) => r.kind === 'original'),
  'corpus',
);
table(
  rows.filter((r) => !r.cut),
  'corpus + wrapped copies',
);
table(
  rows.filter((r) => r.cut),
  'head cuts (30/60/90 % of the lines)',
);
