// The words of the `preempt-guard` command line: what each subcommand does,
// its synopsis and what each option means (`preempt-guard <cmd> --help`), the
// general usage, and the one-line messages of the error convention
// (`preempt-guard <cmd>: ...` on stderr, exit 2).

export interface CommandHelp {
  /** Arguments after the command name in the synopsis. */
  synopsis: string;
  /** What the command does (one paragraph). */
  summary: string;
  /** One line per option: `--name VALUE` and what it does. */
  options: [string, string][];
  /** What the exit status means for this command. */
  exit: string;
}

const FORMAT_CI = 'text (default), json, sarif, github (workflow commands) or gitlab (Code Quality)';
const FAIL_ON =
  'any (default): exit 1 for any finding; hazard: only for split-sp-update (the crash hazard); none: never 1 (2 still when nothing could be analysed)';
const SCAN_EXIT = 'Exit status: 0 no findings, 1 findings (under --fail-on), 2 could not analyse.';
const GO_WHERE = 'go binary; when absent, the go on PATH, then /usr/local/go/bin, ~/go/bin, ~/sdk/go*/bin, Homebrew, snap, /usr/lib/go*';

export const COMMAND_HELP: Record<
  'scan' | 'analyze-listing' | 'scan-binary' | 'reproduce' | 'triage' | 'lsp' | 'version' | 'help',
  CommandHelp
> = {
  scan: {
    synopsis: '[DIR] [--go PATH] [--deps] [--goos linux|darwin] [--tags TAGS] [--format FORMAT] [--fail-on POLICY]',
    summary:
      'Builds the Go module (or go.work) in DIR for arm64 with -gcflags=-S and reports every return whose epilogue pops a frame of 64 KiB or more with two SP updates.',
    options: [
      ['--go PATH', GO_WHERE],
      ['--deps', 'also scan dependencies and the standard library (-gcflags=all=-S)'],
      ['--goos OS', 'linux (default) or darwin'],
      ['--tags TAGS', 'build tags, as go build -tags'],
      ['--format FORMAT', FORMAT_CI],
      ['--fail-on POLICY', FAIL_ON],
    ],
    exit: SCAN_EXIT,
  },
  'analyze-listing': {
    synopsis: '<FILE|-> [--format FORMAT] [--fail-on POLICY]',
    summary:
      'Reads a saved listing (the stderr of go build -gcflags=-S, from a file or - for standard input) and reports its split epilogues.',
    options: [
      ['--format FORMAT', FORMAT_CI],
      ['--fail-on POLICY', FAIL_ON],
    ],
    exit: SCAN_EXIT,
  },
  'scan-binary': {
    synopsis:
      'PATH... [--format FORMAT] [--fail-on POLICY] [--all] [--platform P] [--registry-ca FILE] [--insecure-registry HOST] [--cache-dir DIR | --no-cache] [--images-from FILE]',
    summary:
      'Reads built Go arm64 executables (ELF or Mach-O, stripped or not), every one below a directory, or every one in a container image (archive, oci:DIR, registry:HOST/REPO[:TAG|@DIGEST]), and reports their preemptible split SP updates. Needs no Go toolchain.',
    options: [
      ['--format FORMAT', `${FORMAT_CI}, or openvex (an OpenVEX document)`],
      ['--fail-on POLICY', FAIL_ON],
      ['--all', 'also list split pairs async preemption never stops in (not hazards)'],
      ['--platform P', 'the image of a multi-platform index to scan: os/arch[/variant] (default linux/arm64), or all (every arm64 image)'],
      ['--registry-ca FILE', 'PEM certificates to trust for registries (a private CA)'],
      ['--insecure-registry HOST', 'allow plain HTTP for HOST[:PORT] (never the default; repeatable)'],
      ['--cache-dir DIR', "where per-layer results are kept (default the user's cache folder)"],
      ['--no-cache', 'neither read nor write the layer cache'],
      ['--images-from FILE', 'more references or paths, one per line (- for stdin)'],
    ],
    exit: SCAN_EXIT,
  },
  reproduce: {
    synopsis:
      '[--go PATH] [--variant seed|fast|control] [--budget SECONDS] [--attempts N] [--parallel N] [--godebug NAME=VALUE] [--format text|json]',
    summary:
      "Builds the project's own reproducer (never anything from the workspace) for arm64 in a temporary directory and runs it: natively on arm64, under qemu-aarch64 -singlestep on Linux x86_64.",
    options: [
      ['--go PATH', 'go binary (default: the go on PATH, else the newest installed toolchain)'],
      ['--variant V', "seed (the write-up's program), fast (leaf, default), control (non-leaf)"],
      ['--budget S', 'seconds per attempt (default 300)'],
      ['--attempts N', 'fresh processes tried one after another (default 1)'],
      ['--parallel N', 'processes run side by side in each attempt (default 1)'],
      ['--godebug V', 'GODEBUG for the program: asyncpreemptoff=1 is the mitigation lane (it should survive)'],
      ['--format F', 'text (default) or json'],
    ],
    exit: 'Exit status: 0 survived the budget, 1 crashed, 2 error.',
  },
  triage: {
    synopsis: '[LOG...|-] [--binary FILE | --module DIR [--go PATH] | --scan FILE] [--format text|json]',
    summary:
      'Reads Go crash output (raw stderr, Kubernetes/Docker JSON lines, journald/syslog, CRI, CRLF; several crashes per file) and says for each crash whether it is the arm64 split-epilogue crash.',
    options: [
      ['LOG...', 'files to read; - or nothing reads standard input'],
      ['--binary FILE', 'the binary that crashed: check the preempted PC in its machine code'],
      ['--module DIR', 'its source: check the PC through a listing build (--go: the toolchain it was built with)'],
      ['--scan FILE', 'a saved scan or scan-binary JSON result: does the preempted function have a split epilogue there'],
      ['--format F', 'text (default) or json'],
    ],
    exit: 'Exit status: 0 no crash is this bug, 1 at least one confirmed or consistent, 2 nothing could be read.',
  },
  lsp: {
    synopsis: '--stdio | --node-ipc | --socket=PORT | --pipe=NAME',
    summary: 'Runs the language server on the chosen transport (any editor with an LSP client can use it).',
    options: [],
    exit: 'Runs until the client ends the session.',
  },
  version: { synopsis: '', summary: 'Prints the version.', options: [], exit: '' },
  help: { synopsis: '[COMMAND]', summary: 'Prints this help, or the help of one command.', options: [], exit: '' },
};

/** `preempt-guard scan --help`. */
export function commandHelpText(name: string, h: CommandHelp): string {
  const width = Math.max(0, ...h.options.map(([o]) => o.length));
  const lines = [`usage: preempt-guard ${name}${h.synopsis ? ` ${h.synopsis}` : ''}`, '', h.summary];
  if (h.options.length) lines.push('', ...h.options.map(([o, d]) => `  ${o.padEnd(width)}  ${d}`));
  if (h.exit) lines.push('', h.exit);
  return `${lines.join('\n')}\n`;
}

/** `preempt-guard --help`: every command's synopsis. */
export function generalHelpText(help: Record<string, CommandHelp>): string {
  const lines = ['usage: preempt-guard COMMAND [OPTIONS]', ''];
  for (const [name, h] of Object.entries(help)) lines.push(`  preempt-guard ${name}${h.synopsis ? ` ${h.synopsis}` : ''}`);
  lines.push(
    '',
    'exit status: 0 no findings, 1 findings (or a reproducer crash, or a crash triaged as this bug), 2 could not analyse;',
    '130 / 143 when stopped by SIGINT / SIGTERM.',
    'preempt-guard COMMAND --help says what a command and its options do.',
  );
  return `${lines.join('\n')}\n`;
}

/** The one error convention: `preempt-guard <cmd>: <message>`. */
export function cliErrorLine(command: string | undefined, message: string): string {
  return `preempt-guard${command ? ` ${command}` : ''}: ${message}`;
}

export const unknownCommand = (name: string): string => `unknown command '${name}' (preempt-guard --help lists them)`;
export const unknownOption = (option: string, command: string): string =>
  `unknown option '${option}' (see preempt-guard ${command} --help)`;
export const optionNeedsValue = (option: string, command: string): string =>
  `option '${option}' needs a value (see preempt-guard ${command} --help)`;
export const unexpectedArgument = (arg: string, command: string): string =>
  `unexpected argument '${arg}' (see preempt-guard ${command} --help)`;
export const internalError = (message: string): string => `internal error: ${message} (please report it, with the lines below)`;
export const stoppedBy = (signal: string): string => `stopped (${signal})`;
export const mustBeOneOf = (option: string, allowed: readonly string[], got: string | undefined): string =>
  `${option} must be one of ${allowed.join(', ')} (got ${got})`;
export const chooseTransport = 'choose a transport: --stdio (or --node-ipc, --socket=PORT, --pipe=NAME)';
export const scanTakesOneDir = (got: string[]): string => `scan takes one directory (got ${got.join(' ')})`;
export const goosLinuxOrDarwin = (got: string | undefined): string => `--goos must be linux or darwin (got ${got})`;
export const analyzeListingTakesOne = 'analyze-listing takes one file, or - for standard input';
export const scanBinaryNeedsPaths = 'scan-binary takes one or more paths: binaries, directories or image archives';
export const cannotReadFile = (file: string, why: string): string => `cannot read ${file}: ${why}`;
export const reproVariantValues = (got: string): string => `--variant must be seed, fast or control (got "${got}")`;
export const positiveSeconds = '--budget needs a positive number of seconds';
export const positiveInteger = (option: string): string => `${option} needs a positive integer`;
export const godebugShape = '--godebug needs NAME=VALUE[,NAME=VALUE] (e.g. asyncpreemptoff=1)';
export const textOrJson = '--format must be text or json';

/** `preempt-guard triage`: its usage errors, an input it cannot read, the heading of its summary. */
export const triageCliWords = {
  formatValues: (got: unknown) => `--format must be text or json (got ${got})`,
  oneTarget: 'give one of --binary, --module or --scan',
  goWithModule: '--go goes with --module (the toolchain to build the module with)',
  stdinIsTerminal: 'reading the crash log from stdin: paste it and press Ctrl-D, or give a file',
  missing: (name: string) => `${name} does not exist`,
  directory: (name: string) => `${name} is a directory: give the log files`,
  summaryHead: 'summary (most frequent first):',
};

/** The progress line of a long scan on a terminal. */
export const analysingProgress = (megabytes: number, functions: number, packagePath: string): string =>
  `analysing: ${megabytes.toFixed(0)} MB, ${functions} functions (${packagePath})`;
/** The progress line of scan-binary on a terminal (machine formats on stdout). */
export const scannedProgress = (binary: string): string => `scanned ${binary}`;
