// Registers a custom request behind its params validator: a handler sees only
// params that passed it, gets the cancellation token in its own argument
// (whatever the client sent), and an unexpected exception reaches the client
// as a plain InternalError (the stack goes to the server's log), never as a
// JavaScript message such as "Cannot read properties of null".
import { ErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import { invalidParams } from './check';
import { PARAM_ERRORS, requestFailedUnexpectedly } from '../../core/vocabulary';

export type RequestHandler<P, R> = (params: P, token: CancellationToken) => R | Promise<R>;

export function onGuardedRequest<P, R>(
  connection: Connection,
  type: { method: string },
  /** undefined: the request takes no params (any sent are ignored). */
  validate: ((params: unknown) => P) | undefined,
  handler: RequestHandler<P, R>,
): void {
  const method = type.method;
  connection.onRequest(method, async (...args: unknown[]) => {
    // vscode-jsonrpc passes the params (by name: one object) and then the token.
    const token = args[args.length - 1] as CancellationToken;
    if (validate && args.length > 2) throw invalidParams(PARAM_ERRORS.notOneObject(method));
    let params: P;
    try {
      params = validate ? validate(args.length === 2 ? args[0] : undefined) : (undefined as P);
    } catch (err) {
      if (err instanceof ResponseError) throw invalidParams(`${method}: ${err.message}`);
      throw err;
    }
    try {
      return await handler(params, token);
    } catch (err) {
      if (err instanceof ResponseError) throw err;
      connection.console.error(`${method} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      throw new ResponseError(ErrorCodes.InternalError, requestFailedUnexpectedly(method));
    }
  });
}
