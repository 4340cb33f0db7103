// `--images-from FILE`: the references of a fleet scan, one per line (blank
// lines and `#` comments skipped), from a file or `-` (stdin). Bounded: a list
// file is text a person or a script wrote, not a data set.
import { readFile } from 'node:fs/promises';
import { imageListWords } from '../../vocabulary/scanInputs';

const MAX_LIST_BYTES = 4 << 20;
const MAX_ITEMS = 10_000;

export async function readImageList(file: string): Promise<{ items: string[] } | { error: string }> {
  let text: string;
  try {
    if (file === '-') {
      const chunks: Buffer[] = [];
      let n = 0;
      for await (const c of process.stdin) {
        n += (c as Buffer).length;
        if (n > MAX_LIST_BYTES) return { error: imageListWords.tooLarge(file, MAX_LIST_BYTES >> 20) };
        chunks.push(c as Buffer);
      }
      text = Buffer.concat(chunks).toString('utf8');
    } else {
      const buf = await readFile(file);
      if (buf.length > MAX_LIST_BYTES) return { error: imageListWords.tooLarge(file, MAX_LIST_BYTES >> 20) };
      text = buf.toString('utf8');
    }
  } catch (e) {
    return { error: imageListWords.cannotRead(file, (e as NodeJS.ErrnoException).code ?? String(e)) };
  }
  const items = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (items.length > MAX_ITEMS) return { error: imageListWords.tooMany(file, MAX_ITEMS) };
  return { items };
}
