// Builds Go arm64 executables from the test fixtures with the installed
// toolchains, in the shapes the binary reader must handle (plain, stripped,
// PIE, -trimpath, darwin Mach-O, section-less ELF, cgo / external link, and
// the distributions' shape: cgo, PIE, external link, stripped).
// Results are cached in .cache/binaries/ under a key of toolchain version,
// module content (and local replace targets) and shape, and built at most
// once per test run.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { GO_MOD, PROGRAMS } from '../../server/src/core/repro/programs';
import { FIXTURES, REPO, testEnv } from './paths';
import { installedToolchain } from './toolchains';

const run = promisify(execFile);

export type BinaryShape = 'plain' | 'stripped' | 'pie' | 'trimpath' | 'darwin' | 'darwin-stripped' | 'noshdr' | 'cgo' | 'cgo-pie';
export const CACHE_DIR = path.join(REPO, '.cache', 'binaries');
export const CROSS_CC = 'aarch64-linux-gnu-gcc';

const inFlight = new Map<string, Promise<string>>();

/**
 * A module holding one program (the reproducer's go.mod), at a stable path under the temp dir:
 * the binary cache keys on the module's content, so rebuilds of the same program hit it.
 */
export function programModule(name: string, source: string): string {
  const dir = path.join(os.tmpdir(), 'preempt-guard-triage-test', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'go.mod'), GO_MOD);
  writeFileSync(path.join(dir, 'main.go'), source);
  return dir;
}

/** The reproducer's fast program (the one the committed crash logs came from) as a module. */
export const fastModule = (): string => programModule('fast', PROGRAMS.fast.source);

function hashTree(dir: string, h: ReturnType<typeof createHash>, seen: Set<string>): void {
  const real = path.resolve(dir);
  if (seen.has(real) || !existsSync(real)) return;
  seen.add(real);
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        h.update(path.relative(real, p));
        h.update(readFileSync(p));
      }
    }
  };
  walk(real);
  // Local `replace` targets are part of what gets built.
  const gomod = path.join(real, 'go.mod');
  if (existsSync(gomod)) {
    for (const m of readFileSync(gomod, 'utf8').matchAll(/=>\s*(\.\.?\/[^\s]+)/g)) hashTree(path.join(real, m[1]), h, seen);
  }
}

function findOnPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => d && existsSync(path.join(d, cmd)));
}

function shapeArgs(shape: BinaryShape): { goos: string; flags: string[]; cgo: boolean } {
  switch (shape) {
    case 'plain':
      return { goos: 'linux', flags: [], cgo: false };
    case 'stripped':
    case 'noshdr':
      return { goos: 'linux', flags: ['-ldflags=-s -w'], cgo: false };
    case 'pie':
      return { goos: 'linux', flags: ['-buildmode=pie'], cgo: false };
    case 'trimpath':
      return { goos: 'linux', flags: ['-trimpath'], cgo: false };
    case 'darwin':
      return { goos: 'darwin', flags: [], cgo: false };
    case 'darwin-stripped':
      return { goos: 'darwin', flags: ['-ldflags=-s -w'], cgo: false };
    case 'cgo':
      return { goos: 'linux', flags: ['-ldflags=-linkmode=external'], cgo: true };
    // What distributions ship: PIE, linked by the system linker, stripped.
    case 'cgo-pie':
      return { goos: 'linux', flags: ['-buildmode=pie', '-ldflags=-linkmode=external -s -w'], cgo: true };
  }
}

/** Zeroes e_shoff, e_shnum and e_shstrndx: an ELF file with no section headers (sstrip-like). */
export function removeSectionHeaders(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  out.writeBigUInt64LE(0n, 40);
  out.writeUInt16LE(0, 60);
  out.writeUInt16LE(0, 62);
  return out;
}

export async function buildFixtureBinary(opts: { minor: string; module: string; pkg?: string; shape: BinaryShape }): Promise<string> {
  const { go, version } = installedToolchain(opts.minor);
  const dir = path.isAbsolute(opts.module) ? opts.module : path.join(FIXTURES, opts.module);
  if (!existsSync(path.join(dir, 'go.mod'))) throw new Error(`fixture module ${dir} has no go.mod`);
  const h = createHash('sha256');
  h.update(`${version}\0${opts.pkg ?? '.'}\0${opts.shape}\0`);
  hashTree(dir, h, new Set());
  const key = `${path.basename(dir)}-${version}-${opts.shape}-${h.digest('hex').slice(0, 16)}`;
  const out = path.join(CACHE_DIR, key);
  let p = inFlight.get(out);
  if (!p) {
    p = build(go, dir, opts.pkg ?? '.', opts.shape, out);
    inFlight.set(out, p);
  }
  return p;
}

async function build(go: string, dir: string, pkg: string, shape: BinaryShape, out: string): Promise<string> {
  if (existsSync(out)) return out;
  mkdirSync(CACHE_DIR, { recursive: true });
  const { goos, flags, cgo } = shapeArgs(shape);
  if (cgo && !findOnPath(CROSS_CC))
    throw new Error(
      `the cgo shape needs the cross compiler ${CROSS_CC} on PATH: install gcc-aarch64-linux-gnu (scripts/install-system-deps.sh)`,
    );
  const tmp = `${out}.tmp${process.pid}`;
  const env = testEnv({ GOOS: goos, GOARCH: 'arm64', CGO_ENABLED: cgo ? '1' : '0', ...(cgo ? { CC: CROSS_CC } : {}) });
  try {
    // -buildvcs=false: the main module's version must not depend on whether the checkout is clean.
    await run(go, ['build', '-buildvcs=false', ...flags, '-o', tmp, pkg], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`building ${dir} (${shape}) with ${go} failed: ${(err.stderr ?? err.message).trim()}`, { cause: e });
  }
  if (shape === 'noshdr') writeFileSync(tmp, removeSectionHeaders(readFileSync(tmp)));
  renameSync(tmp, out);
  return out;
}
