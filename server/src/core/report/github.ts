// GitHub Actions workflow commands (`::warning file=...,line=...,title=...::message`),
// shown inline in pull requests without code scanning. Hazards in files this
// machine has (a listing's, a binary's that map into the checkout) name them
// relative to `base` (the checkout's top, else the working directory); others
// as the binary names them. Crash hazards are warnings; split frame-pointer
// restores and non-preemptible pairs (`--all`) notices; problems `::error`.
// Properties and messages are escaped the way GitHub's toolkit does; other
// control characters (an ESC sequence in a name) become visible escapes.
import { hazardCiMessage, RULES } from '../vocabulary';
import { escapeControl } from './escape';
import type { Hazard } from '../hazard';
import { localFile, relPath } from './locate';
import type { ReportSource, ScanReport } from './model';

/** Workflow command message escaping (GitHub's toolkit `escapeData`), then the other control characters made visible (escape.ts). */
export function escapeData(s: string): string {
  return escapeControl(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** Workflow command property escaping (`escapeProperty`): also `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function command(kind: 'warning' | 'notice' | 'error', props: Record<string, string | number | undefined>, message: string): string {
  const p = Object.entries(props)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${kind}${p ? ` ${p}` : ''}::${escapeData(message)}`;
}

/** The hazard's file for CI services: relative to base when it is on this machine, else as the engine named it. */
export function ciFile(h: Pick<Hazard, 'file'>, source: ReportSource, base: string): string {
  const local = localFile(h, source);
  return local ? relPath(local, base) : relPath(h.file, base);
}

export function formatGithub(r: ScanReport, base: string): string {
  const out = r.hazards.map((h) =>
    command(
      h.preemptible && RULES[h.kind].level === 'warning' ? 'warning' : 'notice',
      { file: ciFile(h, r.source, base), line: Math.max(1, h.line), title: `preempt-guard ${h.kind}: ${h.function}` },
      hazardCiMessage(h),
    ),
  );
  const title = r.source.kind === 'listing' ? 'preempt-guard: build error' : 'preempt-guard: scan-binary';
  for (const e of r.errors)
    out.push(
      command(
        'error',
        { file: e.file ? relPath(e.file, base) : undefined, line: e.file ? e.line : undefined, title },
        e.binary ? `${e.binary}: ${e.message}` : e.message,
      ),
    );
  return out.length ? `${out.join('\n')}\n` : '';
}
