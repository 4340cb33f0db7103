// The one error an image source raises: a line a person can act on (which
// reference, which blob, which credential source), never a stack. Readers
// throw it; the scan turns it into that source's error and goes on.
export class ImageSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageSourceError';
  }
}
