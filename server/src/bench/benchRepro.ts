// `npm run bench:repro`: time-to-crash of the reproducer over N fresh runs per
// variant and toolchain (the same code path as the CLI and the editor), with
// median and spread. Runs that survive the budget are counted, not timed.
//
//   node dist/bench-repro.js [--runs N] [--variants fast,control] [--toolchains 1.19,1.26]
//                            [--budget SECONDS] [--save DIR] [--json]
// --save DIR keeps each run's output (DIR/<variant>-<toolchain>-<n>.txt): real crash dumps for fixtures.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hex } from '../core/vocabulary';
import type { ReproVariant } from '../../../shared/protocol';
import { installedToolchains } from '../core/toolchain/toolchain';
import { isVariant } from '../core/repro/programs';
import { runRepro } from '../core/repro/run';

interface Row {
  variant: ReproVariant;
  toolchain: string;
  runs: number;
  crashed: number;
  survived: number;
  errors: number;
  seconds: number[];
  matched: number;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

const fmt = (n: number) => (Number.isNaN(n) ? '-' : n.toFixed(1));

async function main(): Promise<void> {
  const runs = Math.max(1, Number(arg('--runs', '5')));
  const budget = Math.max(1, Number(arg('--budget', '600')));
  const variants = arg('--variants', 'fast,control').split(',').filter(isVariant);
  const wanted = arg('--toolchains', '1.19,1.24,1.26').split(',');
  const json = process.argv.includes('--json');
  const save = arg('--save', '');
  if (save) mkdirSync(save, { recursive: true });
  const toolchains = installedToolchains().filter((t) => wanted.includes(t.minor));
  if (toolchains.length === 0) throw new Error(`none of the toolchains ${wanted.join(', ')} is installed (npm run toolchains)`);
  // Ctrl-C stops the current program (its own process group) instead of orphaning it.
  const ac = new AbortController();
  process.once('SIGINT', () => ac.abort());
  const rows: Row[] = [];
  for (const t of toolchains) {
    if (ac.signal.aborted) break;
    for (const variant of variants) {
      const row: Row = {
        variant,
        toolchain: t.version ?? `go${t.minor}`,
        runs,
        crashed: 0,
        survived: 0,
        errors: 0,
        seconds: [],
        matched: 0,
      };
      for (let i = 1; i <= runs && !ac.signal.aborted; i++) {
        let output = '';
        const v = await runRepro({ variant, go: t.path, budgetSeconds: budget, signal: ac.signal }, (e) => {
          if (save && e.kind === 'output' && output.length < 4_000_000) output += e.text;
        });
        if (save) writeFileSync(path.join(save, `${variant}-${row.toolchain}-${i}.txt`), output);
        if (v.stopped) break;
        if (v.outcome === 'crashed') {
          row.crashed++;
          row.seconds.push(v.seconds);
          if (v.matchedSplitInstruction) row.matched++;
        } else if (v.outcome === 'survived') row.survived++;
        else row.errors++;
        process.stderr.write(
          `${variant} ${row.toolchain} run ${i}/${runs}: ${v.outcome} ${v.seconds} s` +
            `${v.outcome === 'crashed' ? ` [${v.signature}] ${v.preemptedFunction ?? '?'}+${v.preemptedOffset === null ? '?' : hex(v.preemptedOffset)} matched=${v.matchedSplitInstruction}` : ''}` +
            `${v.outcome === 'error' ? ` (${v.message?.split('\n')[0]})` : ''}\n`,
        );
      }
      rows.push(row);
    }
  }
  if (json) {
    process.stdout.write(JSON.stringify({ budgetSeconds: budget, rows }, null, 2) + '\n');
    return;
  }
  process.stdout.write(
    `\ntime to crash, ${runs} fresh process(es) per row, budget ${budget} s each (${path.basename(process.argv[1] ?? '')})\n`,
  );
  process.stdout.write('variant  toolchain   crashed survived errors  matched  median    min    p25    p75    max\n');
  for (const r of rows) {
    const s = [...r.seconds].sort((a, b) => a - b);
    process.stdout.write(
      `${r.variant.padEnd(8)} ${r.toolchain.padEnd(11)} ${String(r.crashed).padStart(7)} ${String(r.survived).padStart(8)} ${String(r.errors).padStart(6)} ` +
        `${String(r.matched).padStart(8)} ${fmt(quantile(s, 0.5)).padStart(7)} ${fmt(s[0] ?? NaN).padStart(6)} ${fmt(quantile(s, 0.25)).padStart(6)} ` +
        `${fmt(quantile(s, 0.75)).padStart(6)} ${fmt(s[s.length - 1] ?? NaN).padStart(6)}\n`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:repro: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
