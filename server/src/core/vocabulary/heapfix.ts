// The words of the "move to heap" fix: its title, why no rewrite was offered
// (the function, the local or one of its uses stands in the way), why one
// rewrite strategy does not apply, what a verification build found, and the
// comment the fix writes above the length variable it adds to the user's code.
import { ISSUE_REF } from './findings';

/** The code action's title. */
export const heapFixTitle = (local: string): string => `Move \`${local}\` to the heap`;

/** Why no rewrite is offered for the function or its large local. */
export const heapFixWords = {
  notLeaf: 'not a leaf function: a toolchain upgrade fixes it',
  noFunc: (name: string, line: number) => `no func ${name || 'literal'} at line ${line}`,
  noBody: (symbol: string) => `cannot find the body of ${symbol}`,
  noLocal: (symbol: string, frameSize: number) => `no single local of ${symbol} accounts for its ${frameSize}-byte frame`,
  /** `skipped`: each strategy's reason (`strategy: why`). */
  noValidRewrite: (local: string, skipped: string[]) => `no rewrite keeps every use of ${local} valid: ${skipped.join('; ')}`,
  /** `tried`: each strategy and its outcome (`new-array build-failed`). */
  noneVerified: (local: string, tried: string[]) => `no rewrite of ${local} removed the finding: ${tried.join(', ')}`,
  cancelled: 'heap fix verification cancelled',
  noListing: 'the build printed no listing',
  /** The finding is still there after the rewrite: the frame the verification build found. */
  frameLeft: (frameSize: number) => `frame ${frameSize}`,
};

/** Where a use of the local is (`buf on line 12`, or `buf at offset 240` without line numbers). */
export const useOnLine = (name: string, line: number): string => `${name} on line ${line}`;
export const useAtOffset = (name: string, offset: number): string => `${name} at offset ${offset}`;

/** Why a use of the local rules out every rewrite (after `where: `). */
export const useWords = {
  label: 'also a label',
  shadowedByParameter: 'a func literal parameter shadows it',
  redeclared: 'redeclared',
  declaredAgain: 'declared again, a label or a composite literal key',
  unbalanced: 'unbalanced brackets',
  rangeCopyAliased: 'ranges over a copy of the array while it may be written through an alias',
  rangeOutsideFor: 'range outside a for clause',
  rangeOverExpression: 'range over an expression',
  rangeBodyUsesWhole: 'the range body uses the whole array while iterating over a copy of it',
  rangeBodyWrites: 'the range body writes the array it iterates over by value',
};

/** Why one rewrite strategy does not apply. */
export const strategyWords = {
  onlyArrays: 'only for array variables',
  notArrayType: 'the type is not written as [N]T',
  literalHasElements: 'the composite literal has elements',
  goTooOld: (go: string) => `go.mod says go ${go}; slice to array pointer conversion needs 1.17`,
  alreadySlice: 'already a slice',
  /** `use`: what the use is (useKind); `line`: where. */
  needsArray: (use: string, line: number) => `${use} on line ${line} needs an array`,
  methodCall: (name: string) => `a method call on ${name}`,
  valueUse: (name: string) => `${name} used as a value`,
};

/** The two comment lines above the length variable the fix adds (`owner`: the function, see heapFixOwner). */
export function heapFixComment(variable: string, local: string, owner: string): [string, string] {
  return [
    `// ${variable} is a variable so that make puts ${local} on the heap: on the stack`,
    `// it made the arm64 epilogue of ${owner} split in two (${ISSUE_REF}).`,
  ];
}

/** The function the comment names: a func literal by the function that holds it. */
export const heapFixOwner = (funcName: string, closure: boolean): string => (closure ? `the func literal in ${funcName}` : funcName);
