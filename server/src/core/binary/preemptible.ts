// The runtime's isAsyncSafePoint (runtime/preempt.go), as far as a static
// reader can mirror it: a PC is not async-preemptible when it is an explicit
// unsafe point, when its function is assembly or has no locals pointer map,
// or when the function belongs to the runtime or reflect. Shared by the
// binary reader and the listing engine so both report the same hazards.
import type { NotPreemptibleReason } from './types';

export const UNSAFE_POINT_UNSAFE = -2;
const RUNTIME_PREFIXES = ['runtime.', 'runtime/internal/', 'internal/runtime/', 'reflect.'];

/** Functions the runtime never preempts asynchronously, by name. */
export function isRuntimePackageFunction(name: string): boolean {
  return RUNTIME_PREFIXES.some((p) => name.startsWith(p));
}

export interface SafePointFacts {
  name: string;
  unsafePoint: number;
  assembly: boolean;
  hasLocalsPointerMap: boolean;
}

/** Why the runtime would refuse to preempt here, or undefined when it would preempt. */
export function notPreemptibleReason(f: SafePointFacts): NotPreemptibleReason | undefined {
  if (f.unsafePoint === UNSAFE_POINT_UNSAFE) return 'unsafe-point';
  if (f.assembly) return 'assembly';
  if (!f.hasLocalsPointerMap) return 'no-locals-pointer-map';
  if (isRuntimePackageFunction(f.name)) return 'runtime-package';
  return undefined;
}
