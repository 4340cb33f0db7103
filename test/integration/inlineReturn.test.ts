// The user's line: a leaf function with a 70000-byte frame returns through
// an inlined call (`return pick(s)`), and its split epilogue's instructions
// carry the inlined function's position (pick's `if x > 10`). The binary
// engine reports the outermost function's `return` line with the inline
// chain, on every installed toolchain (go1.19-go1.27; magic F0 and F1 inline
// trees, three moduledata layouts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { scanBinary } from '../../server/src/core/binary';
import { scanTargets } from '../../server/src/core/binary/targets/scanTargets';
import { buildFixtureBinary, programModule } from '../support/goBinaries';
import { ALL_MINORS } from '../support/paths';

const SOURCE = `package main

import "os"

func pick(x int) int {
	if x > 10 {
		return x - 10
	}
	return x + 1
}

//go:noinline
func leafInline(val int) int {
	var buf [70000]byte
	for i := range buf {
		buf[i] = byte(val + i)
	}
	s := 0
	for i := range buf {
		s ^= int(buf[i])
	}
	return pick(s)
}

func main() {
	_ = leafInline(len(os.Args))
}
`;
const lineOf = (text: string) => SOURCE.split('\n').indexOf(text) + 1;
const RETURN_LINE = lineOf('\treturn pick(s)');
const INLINED_LINE = lineOf('\tif x > 10 {');

describe('binary engine: the return line of a function returning through an inlined call', function () {
  this.timeout(600000);
  const module = programModule('inline-return', SOURCE);
  for (const minor of ALL_MINORS) {
    it(`go${minor}: main.go:${RETURN_LINE} with main.pick inlined at main.go:${INLINED_LINE}`, async () => {
      const file = await buildFixtureBinary({ minor, module, shape: 'trimpath' });
      // In memory, and as the CLI reads a file (by parts where it can): the same user's line.
      const whole = await scanBinary(readFileSync(file), file);
      const r = (await scanTargets([file])).binaries[0];
      assert.deepEqual(r.errors, []);
      const brief = (x: typeof r) =>
        x.findings.map((f) => ({ function: f.function, file: f.file, line: f.line, inlinedFrom: f.inlinedFrom }));
      assert.deepEqual(brief(r), brief(whole));
      assert.deepEqual(brief(r), [
        {
          function: 'main.leafInline',
          file: 'preemptguard.local/repro/main.go',
          line: RETURN_LINE,
          inlinedFrom: [{ function: 'main.pick', file: 'preemptguard.local/repro/main.go', line: INLINED_LINE }],
        },
      ]);
    });
  }
});
