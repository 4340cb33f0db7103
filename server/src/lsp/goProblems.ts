// Tells the client, once per situation, that no usable `go` was found or that
// the one found failed (GoProblemNotification; the client shows a notification
// with actions). A situation is the error's message: the same failure on every
// save notifies once; a settings change starts afresh.
import type { Connection } from 'vscode-languageserver';
import { AnalysisError } from '../core/util/errors';
import { GoProblemNotification } from '../../../shared/protocol';

export class GoProblems {
  private readonly told = new Set<string>();

  constructor(private readonly connection: Connection) {}

  /** Call with any analysis error; only `no-go` ones are reported. */
  report(err: unknown): void {
    if (!(err instanceof AnalysisError) || err.code !== 'no-go') return;
    const key = err.message;
    if (this.told.has(key)) return;
    this.told.add(key);
    void this.connection.sendNotification(GoProblemNotification, { message: err.message, details: err.details, key });
  }

  /** Settings changed: the same problem may be worth telling again. */
  reset(): void {
    this.told.clear();
  }
}
