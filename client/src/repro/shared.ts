// What the reproducer's extension side (panel.ts) and its webview page
// (page/*.ts, bundled for the browser) both need: which lanes a run shows for
// a variant, what each lane is called, the mitigation's GODEBUG, and the form
// values the page keeps in its webview state (read field by field here, so a
// restored panel never trusts a malformed state). No `vscode`, no DOM: both sides
// import it.
import type { ReproLane, ReproVariant } from '../../../shared/protocol';
import { REPRO_LANE_SUFFIX, VARIANT_TITLES } from '../../../server/src/core/vocabulary';

/** The panel's view type (its serializer's, and the `onWebviewPanel:` activation event's). */
export const REPRO_VIEW_TYPE = 'preemptGuard.reproducer';

/** The mitigation lane's GODEBUG: async preemption off, so the split epilogue cannot be hit. */
export const MITIGATION_GODEBUG = 'asyncpreemptoff=1';

/** What follows a lane's title: the side-by-side lanes say what they are. */
export const LANE_SUFFIX: Record<ReproLane, string> = {
  main: '',
  mitigated: REPRO_LANE_SUFFIX.mitigated(MITIGATION_GODEBUG),
  control: REPRO_LANE_SUFFIX.control,
};

export const LANES: readonly ReproLane[] = ['main', 'mitigated', 'control'];

/** `Fast leaf variant (control lane) — go1.26.10`: the variant, what the lane is, then any detail. */
export function laneTitle(lane: ReproLane, variant: string, detail?: string): string {
  const title = VARIANT_TITLES[variant as ReproVariant] ?? variant;
  return `${title}${LANE_SUFFIX[lane]}${detail ? ` — ${detail}` : ''}`;
}

export interface LaneSpec {
  lane: ReproLane;
  variant: ReproVariant;
  /** GODEBUG the lane's program runs with (the mitigation lane). */
  godebug?: string;
}

/** Side by side: the affected variant, the same with the mitigation, and the non-leaf control; else the one variant. */
export function laneSpecs(variant: ReproVariant, sideBySide: boolean): LaneSpec[] {
  if (!sideBySide) return [{ lane: 'main', variant }];
  const affected: ReproVariant = variant === 'control' ? 'fast' : variant;
  return [
    { lane: 'main', variant: affected },
    { lane: 'mitigated', variant: affected, godebug: MITIGATION_GODEBUG },
    { lane: 'control', variant: 'control' },
  ];
}

/** The form as the page saves it (vscode.setState): it comes back on reload and after a window reload. */
export interface ReproFormState {
  variant: ReproVariant;
  /** The chosen `go` ('' for the user's). */
  goPath: string;
  budget: number;
  attempts: number;
  sideBySide: boolean;
}

const VARIANTS: readonly string[] = Object.keys(VARIANT_TITLES);

/**
 * The valid fields of a saved state (anything: it comes back from the webview's storage, maybe from an older
 * version); fields missing or malformed are left out, so the form keeps its defaults for them.
 */
export function readFormState(x: unknown): Partial<ReproFormState> {
  if (!x || typeof x !== 'object') return {};
  const s = x as Record<string, unknown>;
  const positive = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;
  const out: Partial<ReproFormState> = {};
  if (typeof s.variant === 'string' && VARIANTS.includes(s.variant)) out.variant = s.variant as ReproVariant;
  if (typeof s.goPath === 'string') out.goPath = s.goPath;
  if (positive(s.budget)) out.budget = s.budget;
  if (positive(s.attempts)) out.attempts = Math.floor(s.attempts);
  if (typeof s.sideBySide === 'boolean') out.sideBySide = s.sideBySide;
  return out;
}
