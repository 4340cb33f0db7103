// Starts the language server on the transport named on the command line
// (--stdio, --node-ipc, --socket=N, --pipe=NAME): used by dist/server.js and
// by `preempt-guard lsp --stdio`. The byte-stream transports read through
// ResyncingMessageReader (a bad frame is logged and skipped, an oversized one
// refused); node-ipc carries whole messages and keeps the library's reader.
import net from 'node:net';
import { ProposedFeatures, createConnection, type Connection } from 'vscode-languageserver/node';
import { SocketMessageWriter, StreamMessageWriter, type MessageWriter } from 'vscode-jsonrpc/node';
import { startServer } from './setup';
import { ResyncingMessageReader } from './wire/resyncingReader';

type Transport = { kind: 'stdio' } | { kind: 'socket'; port: number } | { kind: 'pipe'; name: string } | { kind: 'library' };

/** The transport the arguments name; 'library' leaves it to vscode-languageserver (node-ipc). */
export function transportOf(argv: string[]): Transport {
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = inline ?? argv[i + 1];
    if (flag === '--stdio') return { kind: 'stdio' };
    if (flag === '--node-ipc') return { kind: 'library' };
    if (flag === '--socket' && /^\d+$/.test(value ?? '')) return { kind: 'socket', port: Number(value) };
    if (flag === '--pipe' && value) return { kind: 'pipe', name: value };
  }
  return { kind: 'library' };
}

export function runLanguageServer(): void {
  const transport = transportOf(process.argv.slice(2));
  if (transport.kind === 'library') {
    startServer(createConnection(ProposedFeatures.all));
    return;
  }
  let connection: Connection | undefined;
  const log = (line: string) => {
    process.stderr.write(`${line}\n`);
    connection?.console.error(line);
  };
  let input: NodeJS.ReadableStream;
  let writer: MessageWriter;
  if (transport.kind === 'stdio') {
    input = process.stdin;
    writer = new StreamMessageWriter(process.stdout);
    // stdout carries the protocol: anything a library prints goes to stderr.
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const)
      console[level] = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
  } else {
    const socket = transport.kind === 'socket' ? net.createConnection(transport.port, '127.0.0.1') : net.createConnection(transport.name);
    input = socket;
    writer = new SocketMessageWriter(socket);
  }
  const reader = new ResyncingMessageReader(input, log);
  connection = createConnection(ProposedFeatures.all, reader, writer);
  // The client is gone: exit as LSP asks (0 after a shutdown request, else 1).
  const gone = () => process.exit(reader.sawShutdown ? 0 : 1);
  input.on('end', gone);
  input.on('close', gone);
  startServer(connection);
}
