// One error type for everything that stops an analysis, with a code the CLI
// maps to exit status 2 and the server maps to a status message.
export type AnalysisErrorCode = 'no-go' | 'not-module' | 'build-failed' | 'cancelled' | 'truncated' | 'bad-input';

export class AnalysisError extends Error {
  constructor(
    readonly code: AnalysisErrorCode,
    message: string,
    /** What a person needs to act: the command, the directory, stderr's first lines. */
    readonly details?: string,
  ) {
    super(message);
    this.name = 'AnalysisError';
  }
}

export function isCancelled(err: unknown): boolean {
  return err instanceof AnalysisError && err.code === 'cancelled';
}
