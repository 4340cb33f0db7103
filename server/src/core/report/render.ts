// The one entry to the report formats: a scan report (model.ts) in the chosen
// format. Text and JSON load with it; the CI formats (SARIF, GitHub, GitLab:
// git provenance, hashing, source reading) only when asked for. CI paths are
// relative to the git checkout's top directory, else to the scan's base.
import { formatJson } from './json';
import type { ScanReport } from './model';
import { formatText } from './text';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'gitlab'] as const;
/** A binary scan also speaks OpenVEX (its products are binaries and images). */
export const BINARY_FORMATS = [...FORMATS, 'openvex'] as const;
export type Format = (typeof BINARY_FORMATS)[number];

/** The directory the scan's paths are relative to (the module root or the working directory). */
function reportBase(r: ScanReport): string {
  return r.source.kind === 'listing' ? r.source.root : (r.source.module?.root ?? r.source.cwd);
}

export interface Rendered {
  /** The report itself (stdout). */
  output: string;
  /** What the format cannot hold (GitLab's problems), for stderr. */
  diagnostics: string;
}

export async function renderReport(r: ScanReport, format: Format, toolVersion: string): Promise<Rendered> {
  if (format === 'text') return { output: formatText(r), diagnostics: '' };
  if (format === 'json') return { output: formatJson(r, toolVersion), diagnostics: '' };
  if (format === 'openvex') return { output: (await import('./openvex.js')).formatOpenVex(r, { toolVersion }), diagnostics: '' };
  const { gitProvenance } = await import('./gitProvenance.js');
  const git = gitProvenance(reportBase(r));
  if (format === 'sarif') return { output: (await import('./sarif.js')).formatSarif(r, { toolVersion, git }), diagnostics: '' };
  const base = git?.root ?? (r.source.kind === 'listing' ? process.cwd() : r.source.cwd);
  if (format === 'github') return { output: (await import('./github.js')).formatGithub(r, base), diagnostics: '' };
  const gitlab = await import('./gitlab.js');
  return { output: gitlab.formatGitlab(r, base), diagnostics: gitlab.errorLines(r, base) };
}
