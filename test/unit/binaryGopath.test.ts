// GOPATH-mode builds (GO111MODULE=off; how most distributions build): build
// info with a `path` line and no `mod` line. The main package path stands for
// the main module, findings are attributed by package path, and nothing
// outside the standard library is attributed to it (module null).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { scanBinary } from '../../server/src/core/binary';
import { ALL_MINORS, goBinary, testEnv } from '../support/paths';

const run = promisify(execFile);

/** A leaf function with a 70000-byte frame: its epilogue is split by every toolchain. */
const bigLeaf = (name: string) => `func ${name}(val int) int {
	var buf [70000]byte
	for i := range buf {
		buf[i] = byte(val + i)
	}
	s := 0
	for i := range buf {
		s ^= int(buf[i])
	}
	return s
}
`;

describe('binary reader: GOPATH-mode builds', function () {
  this.timeout(300000);
  let gopath = '';
  before(() => {
    gopath = mkdtempSync(path.join(os.tmpdir(), 'pg-gopath-'));
    const put = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(gopath, 'src', rel)), { recursive: true });
      writeFileSync(path.join(gopath, 'src', rel), text);
    };
    put(
      'example.org/gopathapp/main.go',
      'package main\n\nimport (\n\t"os"\n\n\t"example.org/gopathapp/inner"\n\t"github.com/dep/big"\n)\n\nfunc main() {\n\t_ = inner.BigLeaf(len(os.Args))\n\t_ = big.BigLeaf(len(os.Args))\n}\n',
    );
    put('example.org/gopathapp/inner/inner.go', `package inner\n\n//go:noinline\n${bigLeaf('BigLeaf')}`);
    put('github.com/dep/big/big.go', `package big\n\n//go:noinline\n${bigLeaf('BigLeaf')}`);
  });
  after(() => rmSync(gopath, { recursive: true, force: true }));

  const minor = ALL_MINORS[ALL_MINORS.length - 1];
  it(`go${minor}, GO111MODULE=off: main module from the path line, findings by package path`, async () => {
    const out = path.join(gopath, 'app');
    await run(goBinary(minor), ['build', '-o', out, 'example.org/gopathapp'], {
      cwd: path.join(gopath, 'src', 'example.org', 'gopathapp'),
      env: testEnv({ GO111MODULE: 'off', GOPATH: gopath, GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '0' }),
    });
    const r = await scanBinary(readFileSync(out), out);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.buildInfo?.main, { path: 'example.org/gopathapp', version: '' });
    assert.deepEqual(
      r.findings.map((f) => [f.function, f.module, f.moduleVersion]),
      [
        ['example.org/gopathapp/inner.BigLeaf', 'example.org/gopathapp', null],
        ['github.com/dep/big.BigLeaf', 'github.com/dep/big', null],
      ],
    );
  });
});
