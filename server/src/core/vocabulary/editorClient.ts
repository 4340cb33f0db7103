// The VS Code client's own notices: the assembly view's placeholder lines when
// there is no listing to show, the "no usable go" notification, and what the
// client says when its connection to the language server fails or the server
// keeps stopping. The server's words are in lsp.ts.

/** The assembly view's address does not parse. */
export function asmNotAnAddress(uri: string): string {
  return `not a Preempt Guard assembly address: ${uri}`;
}

/** The assembly view asked while the server is down. */
export function asmServerNotRunning(symbol: string): string {
  return `${symbol}: the Preempt Guard server is not running`;
}

/** The server has no listing of the function. */
export function asmNoListing(symbol: string): string {
  return `${symbol}: no listing (not analysed yet, or not found in the last build)`;
}

/** The "no usable go" notification, after the server's one-line reason. */
export function goProblemNotice(reason: string): string {
  return `Preempt Guard: ${reason}. Nothing can be analysed until a \`go\` runs. Set preemptGuard.goPath (or vscode-go's go.goroot), or install Go.`;
}

/** The notification's buttons. */
export const GO_PROBLEM_ACTIONS = { setPath: 'Set Go path…', openLog: 'Open log', install: 'Install Go' } as const;

/** Log: the connection to the server failed to read or write. */
export function connectionErrorLine(message: string): string {
  return `connection to the server: ${message}`;
}

/** Log: the server stopped and is restarted (within the crash budget). */
export const SERVER_RESTARTING = 'the server stopped unexpectedly: restarting it';

/** The server stopped too often: it stays down until the user restarts it. */
export function serverGaveUp(stops: number, minutes: number): string {
  return `The Preempt Guard server stopped ${stops} times in ${minutes} minutes and will not be restarted. See the log ("Preempt Guard: Show Log"), then run "Preempt Guard: Restart Server".`;
}
