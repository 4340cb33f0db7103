// The words of the OpenVEX output: the vulnerability as security teams will
// read it (golang/go#73259 has no CVE), how each status was determined, and the
// action statement for an affected binary (the remedy, by leaf / non-leaf).
import type { Hazard } from '../hazard';
import type { BinarySummary } from '../report/model';
import { ISSUE_REF, ISSUE_URL, MITIGATION, remedyShort } from './findings';

export const vexWords = {
  vulnerabilityId: ISSUE_URL,
  vulnerabilityName: ISSUE_REF,
  vulnerabilityDescription:
    'Go on arm64: an epilogue that pops a frame of 64 KiB or more with two stack-pointer updates can be interrupted by async preemption between them; the garbage collector then unwinds a bad stack and the process crashes (fatal error: traceback did not unwind completely / unknown caller pc).',
  author: 'Preempt Guard',
  role: 'VEX generator (binary analysis)',
  statusNotes: (b: BinarySummary, hazards: number, error: string | undefined): string => {
    const where = b.image ? `${b.path} (layer ${b.layer?.index ?? '?'} ${b.layer?.digest ?? ''})`.trim() : b.path;
    if (b.functions === 0 || error) return `${where}: could not be analysed: ${error ?? 'not a Go binary'}`;
    return hazards
      ? `${where}: ${hazards} preemptible split stack-pointer update${hazards === 1 ? '' : 's'} found in its machine code (built with ${b.goVersion ?? 'an unknown Go'}).`
      : `${where}: no preemptible split stack-pointer update in its machine code (built with ${b.goVersion ?? 'an unknown Go'}).`;
  },
  action: (hazards: Hazard[], goVersion: string | null): string => {
    const fns = [...new Set(hazards.map((h) => `${h.function} (${remedyShort(h, goVersion ?? undefined)})`))];
    const shown = fns.slice(0, 10).join('; ');
    return `Fix ${fns.length} function${fns.length === 1 ? '' : 's'}: ${shown}${fns.length > 10 ? '; …' : ''}. ${MITIGATION.replace(/`/g, '')}`;
  },
};
