// Reads the build info blob ("\xff Go buildinf:"): the Go version and module
// info of the build. Found by section (.go.buildinfo / __go_buildinfo) or by
// scanning the segments at 16-byte aligned addresses, like go1.19's
// debug/buildinfo fallback (docs/binary-format.md §7). Handles the inline-string form
// (go1.18+) and the pointer form (older builds) for the version alone.
import { readUvarint } from './bytes';
import type { Container, Segment } from './container';
import { addrToOffset, findSection } from './container';
import { parseModInfo } from './modinfo';
import { scanSegments } from './segmentScan';
import type { BuildInfo } from './types';

export const BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const MAX_STRING = 1 << 24;

/** Every Go binary since go1.13 carries the blob; a fast indexOf tells Go from C. */
export function hasGoBuildInfo(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(BUILDINFO_MAGIC) >= 0;
}

export interface RawBuildInfo {
  goVersion: string;
  modinfo: string;
}

function blobOffset(c: Container): number {
  const sec = findSection(c, '.go.buildinfo', '__go_buildinfo');
  if (sec && c.view.has(sec.offset, 32) && BUILDINFO_MAGIC.equals(Buffer.from(c.view.u8.subarray(sec.offset, sec.offset + 14))))
    return sec.offset;
  const order = [...c.segments.filter((s) => s.write && !s.exec), ...c.segments.filter((s) => !(s.write && !s.exec))];
  const aligned = (at: number, s: Segment) => ((s.vaddr + (at - s.offset)) % 16 === 0 ? at : undefined);
  return scanSegments(c, BUILDINFO_MAGIC, aligned, { segments: order, room: 32 }) ?? -1;
}

function inlineBytes(u8: Uint8Array, off: number, out: number[]): [Uint8Array, number] | undefined {
  const p = readUvarint(u8, off, u8.length, out);
  if (p < 0 || out[0] > MAX_STRING || p + out[0] > u8.length) return undefined;
  return [u8.subarray(p, p + out[0]), p + out[0]];
}

const text = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');

/** Pre-1.18: a pointer to a Go string header {ptr, len}. */
function pointedString(c: Container, ptrAddr: number): string {
  const hdr = addrToOffset(c, ptrAddr, 16);
  if (hdr < 0) return '';
  const data = c.view.u64(hdr),
    len = c.view.u64(hdr + 8);
  if (len > MAX_STRING) return '';
  const off = addrToOffset(c, data, len);
  return off < 0 ? '' : Buffer.from(c.view.u8.subarray(off, off + len)).toString('utf8');
}

export function readRawBuildInfo(c: Container): RawBuildInfo | undefined {
  const off = blobOffset(c);
  if (off < 0) return undefined;
  const v = c.view;
  const ptrSize = v.u8at(off + 14),
    flags = v.u8at(off + 15);
  if (flags & 2) {
    const out = [0];
    const vers = inlineBytes(v.u8, off + 32, out);
    if (!vers) return undefined;
    const mod = inlineBytes(v.u8, vers[1], out);
    let modinfo = mod ? mod[0] : new Uint8Array(0);
    // Strip the 16-byte sentinels around the module info.
    if (modinfo.length >= 33 && modinfo[modinfo.length - 17] === 0x0a) modinfo = modinfo.subarray(16, modinfo.length - 16);
    return { goVersion: text(vers[0]), modinfo: text(modinfo) };
  }
  if (ptrSize !== 8 || flags & 1) return undefined;
  return { goVersion: pointedString(c, v.u64(off + 16)), modinfo: '' };
}

export function readBuildInfo(c: Container): BuildInfo | null {
  const raw = readRawBuildInfo(c);
  return raw ? parseModInfo(raw.goVersion, raw.modinfo) : null;
}
