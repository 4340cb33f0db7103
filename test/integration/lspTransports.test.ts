// The bundled server speaks LSP over every transport vscode-languageserver
// offers: stdio (the other tests), Node IPC (how VS Code starts it) and a socket.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import {
  IPCMessageReader,
  IPCMessageWriter,
  SocketMessageReader,
  SocketMessageWriter,
  createMessageConnection,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { InitializeResult } from 'vscode-languageserver-protocol';
import { SERVER } from '../support/lspClient';

async function handshake(conn: MessageConnection, proc: ChildProcess): Promise<InitializeResult> {
  conn.listen();
  const init = await conn.sendRequest<InitializeResult>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await conn.sendNotification('initialized', {});
  await conn.sendRequest('shutdown');
  const exited = once(proc, 'exit');
  await conn.sendNotification('exit');
  await exited;
  conn.dispose();
  return init;
}

describe('lsp transports', function () {
  this.timeout(60_000);

  it('--node-ipc', async () => {
    const proc = spawn(process.execPath, [SERVER, '--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const init = await handshake(createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc)), proc);
    assert.equal(init.serverInfo?.name, 'preempt-guard');
    assert.ok(init.capabilities.hoverProvider);
    assert.equal(proc.exitCode, 0);
  });

  it('--socket=PORT (the server connects to the client)', async () => {
    const listener = net.createServer();
    listener.listen(0, '127.0.0.1');
    await once(listener, 'listening');
    const port = (listener.address() as net.AddressInfo).port;
    const proc = spawn(process.execPath, [SERVER, `--socket=${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    const [socket] = (await once(listener, 'connection')) as [net.Socket];
    const init = await handshake(createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket)), proc);
    listener.close();
    assert.equal(init.serverInfo?.name, 'preempt-guard');
    assert.deepEqual(init.capabilities.codeActionProvider, { codeActionKinds: ['quickfix'], resolveProvider: false });
  });
});
