// Workspace Trust as the server reads it: only the boolean `true` is trust.
// A string "false" or "no", a number, null or an object means untrusted, so a
// mistaken or hostile client setting cannot make the server run the
// workspace's goPath, buildFlags or GOFLAGS (-toolexec). A client that sends no
// `trusted` at all has no trust concept (neovim, `preempt-guard lsp` started by
// the user): the user started the server on that folder, so it is trusted.

/** Trust from `initializationOptions`: absent key = trusted; otherwise `trusted === true`. */
export function trustAtInitialize(initializationOptions: unknown): boolean {
  if (initializationOptions === null || typeof initializationOptions !== 'object' || !('trusted' in initializationOptions)) return true;
  return (initializationOptions as { trusted: unknown }).trusted === true;
}

/** Trust from a `preemptGuard/trust` notification: `{trusted: true}` and nothing else grants it. */
export function trustInNotification(params: unknown): boolean {
  return params !== null && typeof params === 'object' && (params as { trusted?: unknown }).trusted === true;
}
