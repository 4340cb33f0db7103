// The three reproducer programs, embedded so a run never depends on the
// workspace. Each is built alone in a fresh temp directory.
import type { ReproVariant } from './types';
import { VARIANT_DESCRIPTIONS, VARIANT_TITLES } from '../vocabulary';

export interface ReproProgram {
  variant: ReproVariant;
  /** The function whose epilogue is the hazard (the one the crash should name). */
  symbol: string;
  title: string;
  description: string;
  source: string;
}

// The seed write-up's program as published (Cloudflare, "How we found a bug in
// Go's arm64 compiler"): a 64 KiB buffer filled and folded in loops, leaf.
const SEED = `package main

import (
	"runtime"
)

//go:noinline
func big_stack(val int) int {
	var big_buffer = make([]byte, 1 << 16)

	sum := 0
	// prevent the compiler from optimizing out the stack
	for i := 0; i < (1<<16); i++ {
		big_buffer[i] = byte(val)
	}
	for i := 0; i < (1<<16); i++ {
		sum ^= int(big_buffer[i])
	}
	return sum
}

func main() {
	go func() {
		for {
			runtime.GC()
		}
	}()
	for {
		_ = big_stack(1000)
	}
}
`;

// Touches one element only, so the epilogue is a far larger share of the
// executed instructions and the window is hit sooner.
const FAST = `package main

import "runtime"

//go:noinline
func bigStack(val int) int {
	var buf [1 << 16]byte
	buf[val&0xffff] = byte(val)
	return int(buf[(val>>3)&0xffff])
}

func main() {
	go func() {
		for {
			runtime.GC()
		}
	}()
	for i := 0; ; i++ {
		_ = bigStack(i)
	}
}
`;

// The same with one call, so bigStack is not a leaf: fixed toolchains
// (toolchain/goVersion.ts: nonLeafFixedReleases) pop its frame through R27 in one ADD.
const CONTROL = `package main

import "runtime"

//go:noinline
func sink() {}

//go:noinline
func bigStack(val int) int {
	var buf [1 << 16]byte
	buf[val&0xffff] = byte(val)
	sink()
	return int(buf[(val>>3)&0xffff])
}

func main() {
	go func() {
		for {
			runtime.GC()
		}
	}()
	for i := 0; ; i++ {
		_ = bigStack(i)
	}
}
`;

export const PROGRAMS: Record<ReproVariant, ReproProgram> = {
  seed: {
    variant: 'seed',
    symbol: 'main.big_stack',
    title: VARIANT_TITLES.seed,
    description: VARIANT_DESCRIPTIONS.seed,
    source: SEED,
  },
  fast: {
    variant: 'fast',
    symbol: 'main.bigStack',
    title: VARIANT_TITLES.fast,
    description: VARIANT_DESCRIPTIONS.fast,
    source: FAST,
  },
  control: {
    variant: 'control',
    symbol: 'main.bigStack',
    title: VARIANT_TITLES.control,
    description: VARIANT_DESCRIPTIONS.control,
    source: CONTROL,
  },
};

export const VARIANTS: readonly ReproVariant[] = ['seed', 'fast', 'control'];

export function isVariant(s: string): s is ReproVariant {
  return (VARIANTS as readonly string[]).includes(s);
}

/** go.mod for the temp module: an old `go` line so every toolchain here accepts it, no toolchain line. */
export const GO_MOD = 'module preemptguard.local/repro\n\ngo 1.19\n';
