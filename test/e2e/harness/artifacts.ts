// Numbered screenshots per test suite in test-artifacts/e2e/<suite>/.
import { mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS_ROOT } from './paths';

export class Artifacts {
  readonly dir: string;
  private n = 0;

  constructor(suite: string) {
    this.dir = path.join(ARTIFACTS_ROOT, suite);
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }

  /** Saves `NN-name.png` (the viewport, or the `clip` of it) and returns its path. */
  async screenshot(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<string> {
    this.n += 1;
    const file = path.join(this.dir, `${String(this.n).padStart(2, '0')}-${name.replace(/[^\w.-]+/g, '-')}.png`);
    await page.screenshot({ path: file, clip });
    return file;
  }
}
