// Reads back the paths a scan prints for binaries inside an image archive:
// `image.tar:/usr/bin/app`, or `image.tar[example/app:1]:/usr/bin/app` when
// the archive holds several images. An input of that form names one binary
// of one archive; the archive must exist as a regular file.
import { stat } from 'node:fs/promises';

export interface ImageMember {
  archive: string;
  /** The image's name when the path gave one, else ''. */
  image: string;
  /** Absolute path inside the image. */
  path: string;
}

/** The archive, image and path a printed `archive[image]:/path` names; undefined when no prefix of it is a file. */
export async function findImageMember(target: string): Promise<ImageMember | undefined> {
  for (let i = target.indexOf(':/'); i > 0; i = target.indexOf(':/', i + 1)) {
    const prefix = target.slice(0, i);
    const named = /^(.*)\[([^\]]*)\]$/.exec(prefix);
    const archive = named ? named[1] : prefix;
    try {
      if ((await stat(archive)).isFile()) return { archive, image: named ? named[2] : '', path: target.slice(i + 1) };
    } catch {
      /* not this prefix */
    }
  }
  return undefined;
}
