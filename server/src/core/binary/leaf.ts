// Leaf or non-leaf, read from the epilogue itself (docs/binary-format.md §9):
// a non-leaf epilogue reloads the frame pointer and link register right
// before popping the frame; a leaf one restores only R29, or nothing.
const LDP_FP_LR = 0xa97ffbfd; // ldp x29, x30, [sp, #-8]
const LDR_LR_POST_MASK = 0xffe00fff; // ldr x30, [sp], #N
const LDR_LR_POST = 0xf84007fe;

/** `before` is the instruction word right before the split pair (undefined at the function entry). */
export function leafFromEpilogue(before: number | undefined): boolean {
  if (before === undefined) return true;
  if (before >>> 0 === LDP_FP_LR) return false;
  return (before & LDR_LR_POST_MASK) >>> 0 !== LDR_LR_POST;
}
