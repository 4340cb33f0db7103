// `preempt-guard triage [LOG...|-] [--binary FILE | --module DIR [--go PATH] | --scan FILE] [--format text|json]`:
// reads crash logs (files or stdin), gives each crash a verdict, prints them
// and a summary. Exit 0 when no crash is this bug, 1 when one is confirmed or
// consistent, 2 when nothing could be read.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { PcChecker } from '../core/triage/check';
import { createChecker } from '../core/triage/checker';
import { preemptedFunctions, readCrashInput, triageInputs, type ReadInput } from '../core/triage/triage';
import type { CheckTarget } from '../core/triage/types';
import { cannotReadFile, cliErrorLine, triageCliWords as words } from '../core/vocabulary';
import type { ParsedCommand } from './commands';
import { printable, triageText } from './triageFormat';

async function* stdinChunks(): AsyncIterable<Uint8Array> {
  for await (const c of process.stdin) yield c as Uint8Array;
}

async function readAll(names: string[]): Promise<ReadInput[]> {
  const out: ReadInput[] = [];
  for (const name of names) {
    if (name === '-') {
      out.push(await readCrashInput({ name, chunks: stdinChunks() }));
      continue;
    }
    if (!existsSync(name)) {
      out.push({ name, crashes: [], lines: 0, dropped: 0, error: words.missing(name) });
      continue;
    }
    if (statSync(name).isDirectory()) {
      out.push({ name, crashes: [], lines: 0, dropped: 0, error: words.directory(name) });
      continue;
    }
    out.push(await readCrashInput({ name, chunks: createReadStream(name, { highWaterMark: 1 << 16 }) }));
  }
  return out;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The options are parsed by the command table (commands.ts: `--help`, unknown options) and checked here. */
export async function triageCommand({ values: raw, positionals }: ParsedCommand, signal?: AbortSignal): Promise<number> {
  const values = { binary: text(raw.binary), module: text(raw.module), scan: text(raw.scan), go: text(raw.go), format: raw.format };
  const fail = (msg: string) => {
    process.stderr.write(`${cliErrorLine('triage', printable(msg))}\n`);
    return 2;
  };
  if (values.format !== 'text' && values.format !== 'json') return fail(words.formatValues(values.format));
  if ([values.binary, values.module, values.scan].filter(Boolean).length > 1) return fail(words.oneTarget);
  if (values.go && !values.module) return fail(words.goWithModule);
  const names = positionals.length ? positionals : ['-'];
  if (names.includes('-') && process.stdin.isTTY) return fail(words.stdinIsTerminal);

  const inputs = await readAll(names);
  for (const i of inputs)
    if (i.error) process.stderr.write(`${cliErrorLine('triage', cannotReadFile(printable(i.name), printable(i.error)))}\n`);
  const readable = inputs.filter((i) => !i.error || i.lines > 0);
  if (readable.length === 0) return 2;

  const target: CheckTarget | undefined = values.module
    ? { kind: 'module', path: values.module, go: values.go }
    : values.binary
      ? { kind: 'binary', path: values.binary }
      : values.scan
        ? { kind: 'scan', path: values.scan }
        : undefined;
  let checker: PcChecker | undefined;
  if (target) {
    const c = await createChecker(target, { functions: preemptedFunctions(readable), signal });
    if ('error' in c) return fail(`--${target.kind}: ${c.error}`);
    checker = c;
  }
  const result = await triageInputs(readable, checker, { audience: 'cli' });
  process.stdout.write(values.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : triageText(result));
  return result.crashes.some((c) => c.verdict !== 'unrelated') ? 1 : 0;
}
