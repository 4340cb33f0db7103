// The words of what crash triage checks a crash against, when it cannot be
// used: a saved scan result that is not one (and what to give instead), one
// of its findings that lacks a field, a module whose build failed; and how a
// checker describes the instruction at a preempted offset, and a summary group
// whose signature was cut off in the log.

/** What to give instead of a file that is not a scan result. */
const WANT = 'give the JSON output of `preempt-guard scan --format json` or `preempt-guard scan-binary --format json`';

/** A `--scan` file (or the editor's scan result) that cannot be used. */
export const scanResultWords = {
  notJson: (why: string) => `not JSON (${why}): ${WANT}`,
  notObject: `not a scan result (expected an object): ${WANT}`,
  binaryWithoutFindings: (index: number) => `binaries[${index}] has no findings list: ${WANT}`,
  sarif: `this is SARIF; ${WANT}`,
  triageOutput: `this is triage output, not a scan result; ${WANT}`,
  noLists: `no findings or binaries list: ${WANT}`,
  /** One finding lacks what triage needs (`problem`: from scanFindingWords). */
  badFinding: (problem: string) => `${problem}: ${WANT}`,
  notAFile: (file: string) => `${file} is not a file: ${WANT}`,
  tooLarge: (file: string, size: number) => `${file} is ${size} bytes, more than a scan result holds: ${WANT}`,
  /** `why`: the system's error code, or its message. */
  cannotRead: (file: string, why: string) => `cannot read ${file} (${why})`,
};

/** What one finding of a scan result lacks (`where`: `findings[3]`, `binaries[0].findings[2]`). */
export const scanFindingWords = {
  notObject: (where: string) => `${where} is not an object`,
  noFunction: (where: string) => `${where} has no function`,
  noOffsets: (where: string, fn: string) => `${where} (${fn}) has no offsets`,
  noPosition: (where: string, fn: string) => `${where} (${fn}) has no file and line`,
  noInstructions: (where: string, fn: string) => `${where} (${fn}) has no instructions`,
  noLeaf: (where: string, fn: string) => `${where} (${fn}) has no leaf/fixedByToolchain`,
};

/** What is at a preempted offset that is no split SP update: the instruction (when decoded), its source line, the frame there. */
export function instructionThere(instruction: string | undefined, file: string, line: number, frameSize: number | undefined): string {
  const instr = instruction ? `\`${instruction}\`` : 'an instruction that could not be decoded';
  return `${instr} on ${file}:${line} (frame ${frameSize} bytes there)`;
}

/** The module triage builds to check a crash did not build (`errors`: the first of go's messages). */
export const moduleBuildFailed = (errors: string): string => `the build failed (${errors})`;

/** The summary's label for crashes whose signature line the log lost. */
export const SIGNATURE_CUT_OFF = '(signature cut off)';
