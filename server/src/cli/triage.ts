// `preempt-guard triage [LOG...|-] [--binary FILE | --module DIR [--go PATH] | --scan FILE] [--format text|json]`:
// reads crash logs (files or stdin), gives each crash a verdict, prints them
// and a summary. Exit 0 when no crash is this bug, 1 when one is confirmed or
// consistent, 2 when nothing could be read.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { PcChecker } from '../core/triage/check';
import { createChecker } from '../core/triage/checker';
import { preemptedFunctions, readCrashInput, triageInputs, type ReadInput } from '../core/triage/triage';
import type { CheckTarget } from '../core/triage/types';
import { printable, triageText } from './triageFormat';

const USAGE = `usage: preempt-guard triage [LOG...|-] [--binary FILE | --module DIR [--go PATH] | --scan FILE] [--format text|json]

Reads Go crash output (raw stderr, Kubernetes/Docker JSON lines, journald/syslog, CRI, CRLF;
several crashes per file) and says for each crash whether it is the arm64 split-epilogue crash.
  LOG...          files to read; - or nothing reads stdin
  --binary FILE   the binary that crashed: check the preempted PC in its machine code
  --module DIR    its source: check the PC through a listing build (--go: the toolchain it was built with)
  --scan FILE     a saved \`scan\` or \`scan-binary\` JSON result: does the preempted function have a split epilogue there
  --format        text (default) or json
Each verdict names its evidence (signature lines, architecture and how it shows, Go version, the goroutine
the unwinder failed on); a crash cut off in the log is marked partial with what is missing.
Exit status: 0 no crash is this bug, 1 at least one confirmed or consistent, 2 nothing could be read.`;

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
      out.push({ name, crashes: [], lines: 0, dropped: 0, error: `${name} does not exist` });
      continue;
    }
    if (statSync(name).isDirectory()) {
      out.push({ name, crashes: [], lines: 0, dropped: 0, error: `${name} is a directory: give the log files` });
      continue;
    }
    out.push(await readCrashInput({ name, chunks: createReadStream(name, { highWaterMark: 1 << 16 }) }));
  }
  return out;
}

export async function triageCommand(argv: string[], signal?: AbortSignal): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        binary: { type: 'string' },
        module: { type: 'string' },
        scan: { type: 'string' },
        go: { type: 'string' },
        format: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`preempt-guard triage: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const fail = (msg: string) => {
    process.stderr.write(`preempt-guard triage: ${printable(msg)}\n`);
    return 2;
  };
  if (values.format !== 'text' && values.format !== 'json') return fail(`--format must be text or json (got ${values.format})`);
  if ([values.binary, values.module, values.scan].filter(Boolean).length > 1) return fail('give one of --binary, --module or --scan');
  if (values.go && !values.module) return fail('--go goes with --module (the toolchain to build the module with)');
  const names = positionals.length ? positionals : ['-'];
  if (names.includes('-') && process.stdin.isTTY)
    return fail('reading the crash log from stdin: paste it and press Ctrl-D, or give a file');

  const inputs = await readAll(names);
  for (const i of inputs)
    if (i.error) process.stderr.write(`preempt-guard triage: cannot read ${printable(i.name)}: ${printable(i.error)}\n`);
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
