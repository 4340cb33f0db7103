// The words of code scanning and CI: rule help for SARIF (fullDescription,
// help in text and markdown) and the one-line messages of CI annotations.
import type { FindingKind } from '../types';
import {
  findingRemedy,
  findingTitle,
  FP_REMEDY,
  FP_WHY,
  ISSUE_REF,
  ISSUE_URL,
  LEAF_REMEDY,
  MITIGATION,
  nonLeafRemedy,
  SP_WHY,
  type TitleSubject,
} from './findings';

/** Upstream issue as a markdown link. */
export const ISSUE_LINK_MD = `[${ISSUE_REF}](${ISSUE_URL})`;

export interface RuleHelp {
  /** One paragraph: what the rule finds and why it matters. */
  full: string;
  /** Plain-text help: what it is, why it crashes, how to fix. */
  text: string;
  /** The same in markdown, with the link to the upstream issue. */
  markdown: string;
}

const SP_WHAT =
  'On arm64 the Go assembler pops a stack frame whose size needs both halves of the 12-bit ADD immediate with two instructions that each write SP ' +
  '(`add sp, sp, #lo` then `add sp, sp, #hi, lsl #12`).';
const FP_WHAT =
  "A leaf function's epilogue restores the frame pointer (R29) with two ADD instructions, because the frame size needs both halves of the 12-bit immediate.";

export const RULE_HELP: Record<FindingKind, RuleHelp> = {
  'split-sp-update': {
    full: `${SP_WHAT} ${SP_WHY}`,
    text: `What it is: ${SP_WHAT}\nWhy it crashes: ${SP_WHY}\nHow to fix: ${nonLeafRemedy(undefined)} ${LEAF_REMEDY}\nUntil then: ${MITIGATION}\nUpstream: ${ISSUE_URL}`,
    markdown:
      `**What it is.** ${SP_WHAT}\n\n**Why it crashes.** ${SP_WHY}\n\n**How to fix.**\n- ${nonLeafRemedy(undefined)}\n- ${LEAF_REMEDY}\n\n` +
      `**Until then.** ${MITIGATION}\n\nUpstream: ${ISSUE_LINK_MD}.`,
  },
  'split-fp-restore': {
    full: `${FP_WHAT} ${FP_WHY}`,
    text: `What it is: ${FP_WHAT}\nWhy it matters: ${FP_WHY}\nHow to fix: ${FP_REMEDY}\nUpstream: ${ISSUE_URL}`,
    markdown: `**What it is.** ${FP_WHAT}\n\n**Why it matters.** ${FP_WHY}\n\n**How to fix.** ${FP_REMEDY}\n\nUpstream: ${ISSUE_LINK_MD}; compare golang/go#63830.`,
  },
};

/** One line for a CI annotation (GitHub workflow command, GitLab Code Quality): title, then what to do. */
export function ciMessage(f: TitleSubject, toolchainVersion?: string): string {
  return `${findingTitle(f)}. ${findingRemedy(f, toolchainVersion)} (${ISSUE_REF})`;
}
