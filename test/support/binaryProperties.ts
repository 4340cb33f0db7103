// The property every binary test asserts on damaged input: a report holds
// either exactly the complete findings (no error) or an error saying the file
// is truncated, never fewer findings without an error.
import assert from 'node:assert/strict';
import type { BinaryFinding, BinaryReport } from '../../server/src/core/binary';

export const findingKey = (f: BinaryFinding) => `${f.function} ${f.file}:${f.line} +${f.offset} ${f.frameSize} ${f.preemptible}`;

/** The property: the complete findings, or an error that says the input is truncated. */
export function assertCompleteOrTruncated(r: BinaryReport, complete: BinaryFinding[], label: string): void {
  if (r.errors.length === 0) {
    assert.deepEqual(r.findings.map(findingKey), complete.map(findingKey), `${label}: fewer or other findings without an error`);
    return;
  }
  assert.ok(
    r.errors.some((e) => e.startsWith('truncated: ')),
    `${label}: a cut file must say it is truncated, got ${JSON.stringify(r.errors)}`,
  );
  for (const e of r.errors) assert.ok(!e.includes('\n'), `${label}: one line per error`);
}
