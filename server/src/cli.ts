// The `preempt-guard` command: argument parsing and output only; the work is
// done by the core (server/src/core) and, for `lsp`, by the language server.
import { AnalysisError } from './core/util/errors';
import { OUTPUT_USAGE, UsageError } from './cli/policy';
import { commands, VERSION } from './cli/commands';

const USAGE = `usage:
  preempt-guard scan [dir] [--go PATH] [--deps] [--goos linux|darwin] [--tags TAGS] ${OUTPUT_USAGE}
  preempt-guard analyze-listing <file|-> ${OUTPUT_USAGE}
  preempt-guard scan-binary PATH... ${OUTPUT_USAGE} [--all]   (binaries, directories, image archives)
  preempt-guard reproduce [--go PATH] [--variant seed|fast|control] [--budget SECONDS] [--attempts N] [--godebug asyncpreemptoff=1] [--format text|json]
  preempt-guard triage [LOG...|-] [--binary FILE | --module DIR [--go PATH] | --scan FILE] [--format text|json]
  preempt-guard lsp --stdio
exit status: 0 no findings, 1 findings (or a reproducer crash, or a crash triaged as this bug), 2 could not analyse
  --fail-on any (default): 1 for any finding; hazard: 1 only for split-sp-update (the crash hazard);
  none: always 0. Under every policy, 2 when the analysis could not run, or build errors and no finding.
--go: when absent, go is looked for on PATH, then in /usr/local/go/bin, ~/go/bin, ~/sdk/go*/bin, Homebrew, snap, /usr/lib/go*`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const controller = new AbortController();
  // Ctrl-C stops the build and its compiler processes before we exit.
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  switch (cmd) {
    case '--version':
    case 'version':
      process.stdout.write(`preempt-guard ${VERSION}\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return cmd ? 0 : 2;
    default: {
      const extra = commands[cmd];
      if (extra) return extra(rest, controller.signal);
      throw new UsageError(`unknown command '${cmd}'`);
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith?.('ERR_PARSE_ARGS')) {
      process.stderr.write(`preempt-guard: ${(err as Error).message}\n${USAGE}\n`);
    } else if (err instanceof AnalysisError) {
      process.stderr.write(`preempt-guard: ${err.message}\n${err.details ? `${err.details}\n` : ''}`);
    } else {
      process.stderr.write(`preempt-guard: ${(err as Error).stack ?? String(err)}\n`);
    }
    process.exitCode = 2;
  },
);
