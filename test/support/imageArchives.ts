// Container image archives built in the tests, no container runtime: each
// layer is a directory tree written to disk (whiteouts are empty `.wh.*`
// files, as in real layers) and packed with the `tar` package, then wrapped
// the way `docker save` (manifest.json + <id>/layer.tar) or an OCI image
// layout (oci-layout, index.json, blobs/sha256/<digest>) stores them. Packing is
// synchronous: tar@7's async packer throws "write after end" on some trees
// with hard links.
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { OCI_MANIFEST, ociBlobStore, putImageManifest, writeLayoutIndex } from '../../server/src/bench/ociWriter';

export type LayerSpec = Record<string, Buffer | string | { hardlinkTo: string } | 'dir'>;

export async function packLayer(spec: LayerSpec, out: string, gzip: boolean): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-layer-'));
  try {
    for (const [p, v] of Object.entries(spec)) {
      const file = path.join(dir, p);
      mkdirSync(v === 'dir' ? file : path.dirname(file), { recursive: true });
      if (v === 'dir') continue;
      if (typeof v === 'object' && !Buffer.isBuffer(v)) linkSync(path.join(dir, v.hardlinkTo), file);
      else {
        writeFileSync(file, v);
        chmodSync(file, 0o755);
      }
    }
    tar.c({ cwd: dir, file: out, gzip, portable: true, sync: true }, Object.keys(spec).sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `docker save` layout: manifest.json naming <n>/layer.tar in order; a Buffer layer is that exact blob (e.g. made by `gzip -9`). */
export async function writeDockerSave(out: string, layers: (LayerSpec | Buffer)[], tag = 'example/app:latest'): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-docker-'));
  try {
    const names: string[] = [];
    for (const [i, l] of layers.entries()) {
      const name = `layer${i}/layer.tar`;
      mkdirSync(path.join(dir, `layer${i}`));
      if (Buffer.isBuffer(l)) writeFileSync(path.join(dir, name), l);
      else await packLayer(l, path.join(dir, name), false);
      names.push(name);
    }
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ architecture: 'arm64', os: 'linux' }));
    // docker writes manifest.json last; the reader must not depend on the order.
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify([{ Config: 'config.json', RepoTags: [tag], Layers: names }]));
    tar.c({ cwd: dir, file: out, portable: true, sync: true }, [...names, 'config.json', 'manifest.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** OCI image layout tarball: index.json -> manifest blob -> gzip'd layer blobs. */
export interface OciLayoutOptions {
  gzip: boolean;
  /** Rewrites a layer blob before it is described (the descriptor names the result: e.g. recompressed with gzip -9). */
  transform?: (layer: number, blob: Buffer) => Buffer;
  /** Damages a layer blob after it is described (the descriptor still names the intact blob: a cut download). */
  damage?: (layer: number, blob: Buffer) => Buffer;
}

export async function writeOciLayout(out: string, layers: LayerSpec[], opts: OciLayoutOptions = { gzip: true }): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-oci-'));
  try {
    const { put } = ociBlobStore(dir);
    const blobs = path.join(dir, 'blobs', 'sha256');
    const layerDescs = [];
    for (const [i, l] of layers.entries()) {
      const tmp = path.join(dir, 'tmp-layer');
      await packLayer(l, tmp, opts.gzip);
      const blob = opts.transform ? opts.transform(i, readFileSync(tmp)) : readFileSync(tmp);
      const desc = put(blob);
      if (opts.damage) writeFileSync(path.join(blobs, desc.digest.slice('sha256:'.length)), opts.damage(i, blob));
      layerDescs.push({ mediaType: `application/vnd.oci.image.layer.v1.tar${opts.gzip ? '+gzip' : ''}`, ...desc });
      rmSync(tmp);
    }
    const platform = { architecture: 'arm64', os: 'linux' };
    const manifest = putImageManifest({ put }, { ...platform, rootfs: { type: 'layers', diff_ids: [] } }, layerDescs);
    writeLayoutIndex(dir, [{ mediaType: OCI_MANIFEST, ...manifest, platform }]);
    tar.c({ cwd: dir, file: out, portable: true, sync: true }, ['oci-layout', 'index.json', 'blobs']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
