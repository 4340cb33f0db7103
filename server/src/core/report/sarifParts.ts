// The pieces of a SARIF 2.1.0 run that do not depend on the hazards: the
// rules of both finding kinds with their help from core/vocabulary (GitHub's
// ingestion rules want fullDescription and help), the driver, the
// versionControlProvenance of a git checkout, and artifact locations relative
// to the source root (SRCROOT) when inside it.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ISSUE_URL, RULES, RULE_HELP } from '../vocabulary';
import { isAtOrBelow } from '../util/pathWithin';
import type { FindingKind } from '../types';
import type { GitProvenance } from './gitProvenance';

const TOOL_URI = ISSUE_URL;

/** A message ends with a period (SARIF2001). */
export function sentence(s: string): string {
  const t = s.trim().replace(/\s+/g, ' ');
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

export const RULE_KINDS = Object.keys(RULES) as FindingKind[];

/** The rules of both finding kinds, with fullDescription and help (GitHub's ingestion rules). */
export function sarifRules(): object[] {
  return RULE_KINDS.map((k) => ({
    id: k,
    name: RULES[k].name,
    shortDescription: { text: sentence(RULES[k].short) },
    fullDescription: { text: sentence(RULE_HELP[k].full) },
    help: { text: RULE_HELP[k].text, markdown: RULE_HELP[k].markdown },
    helpUri: ISSUE_URL,
    defaultConfiguration: { level: RULES[k].level },
    properties: {
      tags: ['correctness', 'arm64', 'go'],
      precision: 'very-high',
      'problem.severity': RULES[k].level === 'warning' ? 'warning' : 'recommendation',
    },
  }));
}

/** The driver (tool) object: name, versions, the rules; `properties` as given. */
export function sarifDriver(toolVersion: string, properties: object): object {
  return {
    name: 'preempt-guard',
    fullName: 'Preempt Guard for Go (arm64)',
    version: toolVersion,
    semanticVersion: toolVersion,
    informationUri: TOOL_URI,
    rules: sarifRules(),
    properties,
  };
}

/** versionControlProvenance of a run, mapped to SRCROOT; nothing outside a git checkout. */
export function sarifProvenance(git: GitProvenance | undefined): object {
  return git
    ? {
        versionControlProvenance: [
          {
            repositoryUri: git.repositoryUri,
            revisionId: git.revisionId,
            ...(git.branch ? { branch: git.branch } : {}),
            mappedTo: { uriBaseId: 'SRCROOT' },
          },
        ],
      }
    : {};
}

export function dirUri(dir: string): string {
  const u = pathToFileURL(dir).toString();
  return u.endsWith('/') ? u : `${u}/`;
}

/** Relative to the source root when inside it; a file: URI otherwise; as given when already relative. */
export function artifact(file: string, srcRoot: string): { uri: string; uriBaseId?: string } {
  if (!path.isAbsolute(file)) return { uri: file.split(path.sep).join('/') };
  if (isAtOrBelow(file, srcRoot)) return { uri: path.relative(srcRoot, file).split(path.sep).join('/'), uriBaseId: 'SRCROOT' };
  return { uri: pathToFileURL(file).toString() };
}
