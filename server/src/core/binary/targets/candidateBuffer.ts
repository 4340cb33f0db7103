// Reads the candidate binaries of a layer one at a time: each file's bytes are
// gathered into one buffer of its own size, handed to its scan, and released
// when the scan is done; the layer's decompression is paused (the reader awaits
// `drain` between small input slices) while a finished file waits for its scan.
// A file that starts in the same input slice as the previous one ends is
// buffered piecewise (at most one slice's output) until that scan is done, and
// only then gets its full-size buffer, so what is held at once is the largest
// single binary plus one slice's output, never the sum of the image's binaries.
// `onHeld` hears every change of the bytes held (the tests assert the bound).
// Since only one full-size buffer is ever in use, it is kept and reused for the
// next file that fits: on this kind of VM, first touching fresh memory costs
// about 4 ms per MB (a 300 MB image's binaries: over a second), reusing it
// nothing. A scan must not keep its bytes after its promise settles.
import type { ReadEntry } from 'tar';

/**
 * Compressed bytes handed to a layer's decompressor at a time. Deflate produces at most 1032 bytes
 * per input byte, so one slice's output (what can arrive after a file's end before the reader can
 * pause) is at most about 4 MB; on real layers it is a few KB (zstd run-length blocks can give more:
 * layerRead.ts bounds a zstd layer's overall ratio).
 */
export const LAYER_SLICE = 4 << 10;

export class CandidateBuffers {
  private held = 0;
  /** The full-size buffer of the last file gathered whole, free again once its scan settled. */
  private arena: Buffer | undefined;
  /** Finished files waiting for (or in) their scan. */
  private readonly scans: Promise<void>[] = [];

  constructor(private readonly onHeld?: (bytes: number) => void) {}

  private hold(n: number): void {
    this.held += n;
    this.onHeld?.(this.held);
  }

  /** Whether a finished file waits for its scan: the reader must `drain` before it feeds more input. */
  get waiting(): boolean {
    return this.scans.length > 0;
  }

  /** Awaits the scans of the finished files (their bytes are released as each ends). */
  async drain(): Promise<void> {
    // Removed once settled, not before: `waiting` stays true (and the arena in use) until the scan is done.
    while (this.scans.length) {
      await this.scans[0];
      this.scans.shift();
    }
  }

  /** Gathers entry `e` (`size` bytes by its header) and runs `use` on its bytes once it ends. */
  collect(e: ReadEntry, size: number, use: (bytes: Buffer) => Promise<void>): void {
    let whole: Buffer | undefined;
    let early: Buffer[] = [];
    let earlyBytes = 0;
    let filled = 0;
    const allocate = () => {
      if (!this.arena || this.arena.length < size) this.arena = Buffer.allocUnsafe(size);
      whole = this.arena.subarray(0, size);
      this.hold(size);
      for (const c of early) filled += c.copy(whole, filled);
      this.hold(-earlyBytes);
      early = [];
      earlyBytes = 0;
    };
    e.on('data', (c: Buffer) => {
      if (!whole && !this.waiting) allocate();
      if (whole) filled += c.copy(whole, filled);
      else {
        // A copy: the chunk may be a view of a larger decompressed buffer.
        early.push(Buffer.from(c));
        earlyBytes += c.length;
        this.hold(c.length);
      }
    });
    e.on('end', () => {
      let heldHere = size;
      if (!whole) {
        // The whole file arrived while another waited for its scan (a file smaller than one slice's output).
        whole = Buffer.concat(early, earlyBytes);
        heldHere = earlyBytes;
        filled = earlyBytes;
        early = [];
      }
      const bytes = whole.subarray(0, filled);
      whole = undefined;
      this.scans.push(
        (async () => {
          try {
            await use(bytes);
          } finally {
            this.hold(-heldHere);
          }
        })(),
      );
    });
  }
}
