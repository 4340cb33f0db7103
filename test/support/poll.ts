// The one poll helper of the tests: re-checks a condition until it holds or a
// deadline passes (then fails saying what was awaited). For conditions no
// event announces (processes gone, files written); events use waitFor.
export async function pollUntil(what: string, check: () => boolean, timeoutMs = 30_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`still not true after ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
