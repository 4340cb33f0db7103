// A kept string's own copy: a regex group or a slice of a log line can pin the
// whole chunk it was read from (V8 keeps sliced strings' parents alive), so
// every string a crash report keeps is copied, and cut to a length no real
// function name, file or signature line reaches.

/** Longest string kept (real names and lines are well under it). */
const MAX_KEPT = 512;

export function own(s: string): string {
  return Buffer.from(s.length > MAX_KEPT ? s.slice(0, MAX_KEPT) : s, 'utf8').toString('utf8');
}
