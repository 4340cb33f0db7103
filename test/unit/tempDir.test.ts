// Temp dirs named after their process: the next one of the same purpose
// sweeps the dirs of processes that are gone, never a live process's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTempDir, makeTempDirSync } from '../../server/src/core/util/tempDir';

describe('core tempDir', () => {
  it('sweeps the dirs of dead processes, keeps its own and other purposes', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    assert.ok(dead);
    const stale = path.join(os.tmpdir(), `preempt-guard-unittest-${dead}-stale`);
    const otherPurpose = path.join(os.tmpdir(), `preempt-guard-unittest2-${dead}-stale`);
    mkdirSync(stale, { recursive: true });
    mkdirSync(otherPurpose, { recursive: true });
    writeFileSync(path.join(stale, 'main.go'), 'package main\n');
    const mine = makeTempDirSync('unittest');
    try {
      assert.equal(existsSync(stale), false, 'dead process dir swept');
      assert.equal(existsSync(otherPurpose), true, 'other purposes untouched');
      assert.ok(path.basename(mine).startsWith(`preempt-guard-unittest-${process.pid}-`), mine);
      const second = await makeTempDir('unittest');
      assert.equal(existsSync(mine), true, 'a live process keeps its dirs');
      rmSync(second, { recursive: true, force: true });
    } finally {
      rmSync(mine, { recursive: true, force: true });
      rmSync(otherPurpose, { recursive: true, force: true });
    }
  });
});
